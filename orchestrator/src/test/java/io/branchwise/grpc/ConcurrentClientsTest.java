package io.branchwise.grpc;

import io.branchwise.proto.optuna.*;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients, each on its own HTTP/2 connection, hitting one study at once, as {@code n_jobs} or several
 * worker processes do.
 */
class ConcurrentClientsTest {
    private static final int CLIENTS = 8;
    private static final int TRIALS_PER_CLIENT = 40;
    private static final int WAITING_TRIALS = 60;

    @TempDir
    Path dir;

    @Test
    void numbersStayDenseAndEveryWaitingTrialHasExactlyOneClaimer() throws Exception {
        try (RunningServer server = new RunningServer(dir)) {
            long study = server.client().createNewStudy(CreateNewStudyRequest.newBuilder().setStudyName("race")
                    .addDirections(StudyDirection.MINIMIZE).build()).getStudyId();
            List<ManagedChannel> channels = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                channels.add(server.newChannel());
            }
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                CyclicBarrier start = new CyclicBarrier(CLIENTS);
                List<Long> created = runOnAll(pool, channels, stub -> {
                    start.await();
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < TRIALS_PER_CLIENT; i++) {
                        ids.add(stub.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(study)
                                .setTemplateTrialIsNone(true).build()).getTrialId());
                    }
                    return ids;
                });
                List<Trial> trials = server.client().getTrials(GetTrialsRequest.newBuilder().setStudyId(study)
                        .setTrialIdGreaterThan(-1).build()).getTrialsList();
                assertThat(created).doesNotHaveDuplicates().hasSize(CLIENTS * TRIALS_PER_CLIENT);
                assertThat(trials).extracting(Trial::getNumber).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(range(CLIENTS * TRIALS_PER_CLIENT));
                assertThat(trials).as("numbers follow id order").isSortedAccordingTo(
                        (a, b) -> Long.compare(a.getTrialId(), b.getTrialId()))
                        .isSortedAccordingTo((a, b) -> Long.compare(a.getNumber(), b.getNumber()));

                List<Long> waiting = new ArrayList<>();
                for (int i = 0; i < WAITING_TRIALS; i++) {
                    waiting.add(server.client().createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(study)
                            .setTemplateTrial(Trial.newBuilder().setState(TrialState.WAITING)).build()).getTrialId());
                }
                CyclicBarrier claim = new CyclicBarrier(CLIENTS);
                List<Long> won = runOnAll(pool, channels, stub -> {
                    List<Long> mine = new ArrayList<>();
                    for (long id : waiting) {
                        claim.await();
                        if (stub.setTrialStateValues(SetTrialStateValuesRequest.newBuilder().setTrialId(id)
                                .setState(TrialState.RUNNING).build()).getTrialUpdated()) {
                            mine.add(id);
                        }
                    }
                    return mine;
                });
                assertThat(won).as("exactly one winner per WAITING trial").containsExactlyInAnyOrderElementsOf(waiting);
            } finally {
                pool.shutdownNow();
                for (ManagedChannel c : channels) {
                    c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    private interface ClientWork {
        List<Long> run(StorageServiceGrpc.StorageServiceBlockingStub stub) throws Exception;
    }

    private static List<Long> runOnAll(ExecutorService pool, List<ManagedChannel> channels, ClientWork work)
            throws Exception {
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (ManagedChannel channel : channels) {
            Callable<List<Long>> task = () -> work.run(StorageServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(60, TimeUnit.SECONDS));
            futures.add(pool.submit(task));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get(120, TimeUnit.SECONDS));
        }
        return all;
    }

    private static List<Long> range(int n) {
        List<Long> numbers = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            numbers.add(i);
        }
        return numbers;
    }
}
