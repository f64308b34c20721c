package io.branchwise.grpc;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.launcher.external.ExternalTrainers;
import io.branchwise.launcher.external.PlantedExternalTrainer;
import io.branchwise.proto.optuna.CreateNewTrialRequest;
import io.branchwise.proto.optuna.GetTrialRequest;
import io.branchwise.proto.optuna.SetTrialStateValuesRequest;
import io.branchwise.proto.search.AskReply;
import io.branchwise.proto.search.AskRequest;
import io.branchwise.proto.search.GetAffinityReply;
import io.branchwise.proto.search.GetAffinityRequest;
import io.branchwise.proto.search.GetRecommendationReply;
import io.branchwise.proto.search.GetRecommendationRequest;
import io.branchwise.proto.search.GetStudyRequest;
import io.branchwise.proto.search.JobKind;
import io.branchwise.proto.search.ListStudiesRequest;
import io.branchwise.proto.search.ListTrialsReply;
import io.branchwise.proto.search.ListTrialsRequest;
import io.branchwise.proto.search.ReportRequest;
import io.branchwise.proto.search.SearchServiceGrpc;
import io.branchwise.proto.search.StartSearchRequest;
import io.branchwise.proto.search.StudySummary;
import io.branchwise.proto.search.TellRequest;
import io.branchwise.proto.search.TrialState;
import io.branchwise.proto.search.TrialSummary;
import io.branchwise.search.PlantedModelLauncher;
import io.branchwise.search.SearchSetup;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static io.branchwise.grpc.OptunaStorageServiceTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Searches started over {@code branchwise.SearchService} with {@code external_trainers}, trained by test trainers
 * that speak only gRPC: Ask for a job, Report each epoch, Tell the result. The trainers play the planted-groups
 * model ({@link PlantedExternalTrainer}), so what the search must find is known.
 */
@Timeout(180)
class ExternalTrainersOverGrpcTest {
    static final Duration FINISH = Duration.ofSeconds(120);
    static final List<List<String>> PLANTED = List.of(List.of("a", "b"), List.of("c"));

    @TempDir
    Path dir;

    static final String SPEC = """
            name: NAME
            seed: 5
            trainer: scripted
            data: {source: fixture, options: {rows: 32, targets: [a, b, c]}}
            tasks:
              - {name: a, type: fixture-regression, target: a}
              - {name: b, type: fixture-regression, target: b}
              - {name: c, type: fixture-regression, target: c}
            space: {trunk_depth: [0, 1], branch_depth: 1, widths: [8], max_branches: 2, groupings: auto}
            weighting: {methods: [ew, dwa]}
            training: {epochs: 4, learning_rate: [0.001, 0.01]}
            search: {trials: 6, parallel: 2, seeds: 1, sampler: random, pruner: PRUNER, affinity_every: 5, baseline: {depth: 1, width: 8}}
            """;

    static String spec(String name, String pruner) {
        return SPEC.replace("NAME", name).replace("PRUNER", pruner);
    }

    /**
     * A server hosting searches; its own launcher (the in-process planted model, which measures no affinity) is
     * used only by searches started without external trainers.
     */
    static RunningServer hosting(Path dir, UnaryOperator<io.branchwise.server.ServerConfig> more) {
        return new RunningServer(dir, config -> more.apply(config.withSearches(new SearchSetup(PluginCatalog.builtIns(),
                new PlantedModelLauncher(PLANTED, false), dir.resolve("work")))));
    }

    static long start(RunningServer server, String spec) {
        var started = server.searchClient().startSearch(StartSearchRequest.newBuilder().setSpec(spec)
                .setExternalTrainers(true).build());
        assertThat(started.getStudyId()).isPositive();
        return started.getStudyId();
    }

    /** The three calls over gRPC, each with its own deadline (a long poll needs more than its wait). */
    static PlantedExternalTrainer.Server overGrpc(RunningServer server, long studyId) {
        return new PlantedExternalTrainer.Server() {
            SearchServiceGrpc.SearchServiceBlockingStub stub(Duration wait) {
                return SearchServiceGrpc.newBlockingStub(server.channel()).withDeadlineAfter(wait.toMillis() + 30_000,
                        TimeUnit.MILLISECONDS);
            }

            @Override
            public PlantedExternalTrainer.Job ask(String worker, Duration wait) {
                AskReply a = stub(wait).ask(AskRequest.newBuilder().setWorker(worker).setStudyId(studyId)
                        .setWaitSeconds(wait.toMillis() / 1000.0).build());
                if (!a.getHasTrial()) {
                    return null;
                }
                assertThat(a.getStudyId()).isEqualTo(studyId);
                assertThat(a.getKind()).isNotEqualTo(JobKind.JOB_KIND_UNSPECIFIED);
                return new PlantedExternalTrainer.Job(a.getTicket(), a.getKind().name().substring("JOB_KIND_".length()),
                        a.getJobName(), a.getTrialSpecJson(), a.getBaseDirectory());
            }

            @Override
            public boolean report(String ticket, String reportJson, Duration wait) {
                return stub(wait).report(ReportRequest.newBuilder().setTicket(ticket).setReportJson(reportJson)
                        .setWaitSeconds(wait.toMillis() / 1000.0).build()).getShouldStop();
            }

            @Override
            public void tell(String ticket, String resultJson) {
                assertThat(stub(Duration.ZERO).tell(TellRequest.newBuilder().setTicket(ticket).setResultJson(resultJson)
                        .build()).getOutcome()).isIn("COMPLETE", "STOPPED");
            }

            @Override
            public void fail(String ticket, String reason) {
                assertThat(stub(Duration.ZERO).tell(TellRequest.newBuilder().setTicket(ticket).setFailureReason(reason)
                        .build()).getOutcome()).isEqualTo("FAILED");
            }
        };
    }

    /** Two trainers on their own threads for one search, until {@link #close}. */
    static final class Trainers implements AutoCloseable {
        final List<PlantedExternalTrainer> trainers = new ArrayList<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(2);
        private final List<Future<?>> running = new ArrayList<>();

        Trainers(RunningServer server, long studyId, UnaryOperator<PlantedExternalTrainer> setUp) {
            for (String worker : List.of("w1", "w2")) {
                PlantedExternalTrainer t = setUp.apply(new PlantedExternalTrainer(overGrpc(server, studyId), worker, PLANTED));
                trainers.add(t);
                running.add(threads.submit(t));
            }
        }

        List<String> done() {
            List<String> all = new ArrayList<>();
            trainers.forEach(t -> all.addAll(t.done));
            return all;
        }

        /** Stops them and rethrows what any of them threw (a refused call, a failed assertion). */
        @Override
        public void close() throws Exception {
            trainers.forEach(PlantedExternalTrainer::quit);
            try {
                for (Future<?> f : running) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    static List<TrialSummary> trials(RunningServer server, long studyId) {
        return server.searchClient().listTrials(ListTrialsRequest.newBuilder().setStudyId(studyId).build()).getTrialsList();
    }

    @Test
    void aSearchStartedOverGrpcIsTrainedByExternalTrainersToItsRecommendation() throws Exception {
        try (RunningServer server = hosting(dir, c -> c)) {
            long id = start(server, spec("external-grpc", "none"));
            String finished;
            try (SearchFinishedWatch watch = new SearchFinishedWatch(server.port, id);
                 Trainers trainers = new Trainers(server, id, t -> t)) {
                finished = watch.await(FINISH);
                assertThat(trainers.done()).containsExactlyInAnyOrder("stl-a BASELINE TOLD", "stl-b BASELINE TOLD",
                        "stl-c BASELINE TOLD", "linear-a REFERENCE TOLD", "linear-b REFERENCE TOLD",
                        "linear-c REFERENCE TOLD", "affinity AFFINITY TOLD", "reference-hard_sharing REFERENCE TOLD",
                        "reference-task_specific REFERENCE TOLD", "trial-0 TRIAL TOLD", "trial-1 TRIAL TOLD",
                        "trial-2 TRIAL TOLD", "trial-3 TRIAL TOLD", "trial-4 TRIAL TOLD", "trial-5 TRIAL TOLD");
            }
            assertThat(finished).contains("\"status\":\"complete\"");
            var client = server.searchClient();

            GetRecommendationReply rec = client.getRecommendation(GetRecommendationRequest.newBuilder().setStudyId(id).build());
            assertThat(rec.getLayout()).as("the planted grouping").isEqualTo("0x0[1x8[a,b],1x8[c]]");
            assertThat(rec.getDeltaM()).isCloseTo(20.0 / 3, within(1e-6));
            assertThat(rec.getWithinTolerance()).isTrue();
            assertThat(rec.getTasksList()).extracting(t -> t.getTask() + " " + t.getMetric() + " " + t.getNegativeTransfer())
                    .containsExactly("a rmse false", "b rmse false", "c rmse false");
            assertThat(rec.getTasks(0).getDeltaPercent()).isCloseTo(10.0, within(1e-6));
            assertThat(rec.getLayoutTree()).isEqualTo("input\n├─ 1x8 → heads a, b\n└─ 1x8 → heads c");
            assertThat(rec.getParamsJson()).contains("\"layout.grouping\": \"{a,b}|{c}\"");

            GetAffinityReply affinity = client.getAffinity(GetAffinityRequest.newBuilder().setStudyId(id).build());
            assertThat(affinity.getTasksList()).containsExactly("a", "b", "c");
            assertThat(affinity.getRows(0).getValuesList()).containsExactly(0.0, 0.4, -0.3);
            assertThat(affinity.getLayout()).isEqualTo("1x8[a,b,c]");
            assertThat(affinity.getCandidatesList()).extracting(g -> g.getGroupsList().stream()
                    .map(tg -> String.join(",", tg.getTasksList())).toList())
                    .containsExactly(List.of("a,b,c"), List.of("a,b", "c"));

            StudySummary summary = client.getStudy(GetStudyRequest.newBuilder().setStudyId(id).build()).getStudy();
            assertThat(summary.getStudyName()).isEqualTo("external-grpc");
            assertThat(summary.getSearchState()).isEqualTo("complete");
            assertThat(summary.getRunning()).isFalse();
            assertThat(summary.getTrialsComplete()).isEqualTo(6);
            assertThat(summary.getBestValue()).isCloseTo(20.0 / 3, within(1e-6));
            assertThat(summary.getBestDeltaM()).as("a delta_m search's best value is its best Δm")
                    .isEqualTo(summary.getBestValue());
            assertThat(summary.getTasksList()).containsExactly("a", "b", "c");
            assertThat(client.getStudy(GetStudyRequest.newBuilder().setStudyId(id).build()).getSpecJson())
                    .contains("\"trainer\": \"scripted\"");
            assertThat(client.listStudies(ListStudiesRequest.getDefaultInstance()).getStudiesList())
                    .extracting(StudySummary::getStudyId).containsExactly(id);

            // Trials page by page: 4, then the last 2, with the layout, Δ per task and the external params.
            ListTrialsReply first = client.listTrials(ListTrialsRequest.newBuilder().setStudyId(id).setLimit(4).build());
            assertThat(first.getTotal()).isEqualTo(6);
            assertThat(first.getTrialsList()).extracting(TrialSummary::getNumber).containsExactly(0L, 1L, 2L, 3L);
            ListTrialsReply second = client.listTrials(ListTrialsRequest.newBuilder().setStudyId(id).setLimit(4)
                    .setPageToken(first.getNextPageToken()).build());
            assertThat(second.getTrialsList()).extracting(TrialSummary::getNumber).containsExactly(4L, 5L);
            assertThat(second.getNextPageToken()).isEmpty();
            TrialSummary best = trials(server, id).get((int) rec.getTrialNumber());
            assertThat(best.getState()).isEqualTo(TrialState.TRIAL_STATE_COMPLETE);
            assertThat(best.getLayout()).isEqualTo(rec.getLayout());
            assertThat(best.getValuesList()).containsExactly(rec.getDeltaM());
            assertThat(best.getDeltaPerTaskMap()).containsOnlyKeys("a", "b", "c");
            assertThat(best.getWeightingJson()).contains("\"method\"");
            assertThat(best.getParamsJson()).contains("\"layout.grouping\": \"{a,b}|{c}\"");
        }
    }

    @Test
    void anOptunaWorkerSharingTheStudyOverOptunasOwnProtocolIsHistoryAndTheSearchCompletes() throws Exception {
        // Optuna's way to share a study: another worker creates trials in it through the storage protocol while the
        // search runs. The search used to fail ("stored trial number 2 differs from the search's 0").
        try (RunningServer server = hosting(dir, c -> c)) {
            long id = start(server, spec("shared", "none"));
            var optuna = server.client();
            long told = optuna.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(id)
                    .setTemplateTrialIsNone(true).build()).getTrialId();
            optuna.setTrialStateValues(SetTrialStateValuesRequest.newBuilder().setTrialId(told)
                    .setState(io.branchwise.proto.optuna.TrialState.COMPLETE).addValues(3.5).build());
            long stillRunning = optuna.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(id)
                    .setTemplateTrialIsNone(true).build()).getTrialId();
            try (SearchFinishedWatch watch = new SearchFinishedWatch(server.port, id);
                 Trainers trainers = new Trainers(server, id, t -> t)) {
                assertThat(watch.await(FINISH)).contains("\"status\":\"complete\"");
                assertThat(trainers.done()).filteredOn(d -> d.contains(" TRIAL ")).as("six trials of its own").hasSize(6);
            }
            List<TrialSummary> trials = trials(server, id);
            assertThat(trials).hasSize(8);
            assertThat(trials.get(0).getState()).as("the worker's told trial, untouched")
                    .isEqualTo(TrialState.TRIAL_STATE_COMPLETE);
            assertThat(trials.get(0).getValuesList()).containsExactly(3.5);
            assertThat(trials.get(1).getState()).as("still its worker's to finish").isEqualTo(TrialState.TRIAL_STATE_RUNNING);
            assertThat(trials.subList(2, 8)).allMatch(t -> t.getState() == TrialState.TRIAL_STATE_COMPLETE);
            assertThat(optuna.getTrial(GetTrialRequest.newBuilder().setTrialId(stillRunning).build()).getTrial().getState())
                    .isEqualTo(io.branchwise.proto.optuna.TrialState.RUNNING);
            GetRecommendationReply rec = server.searchClient().getRecommendation(
                    GetRecommendationRequest.newBuilder().setStudyId(id).build());
            assertThat(rec.getTrialNumber()).as("only its own trials are recommended").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aTrialThePrunerStopsIsToldSoInAReportAndEndsPruned() throws Exception {
        // Every layout that mixes c with a or b has negative transfer; the trainers hold such a trial open after
        // its last epoch until a Report says stop, so a pruner that missed one would leave it COMPLETE. Their curves
        // are flat (a converged model), so from epoch 2 no gap is a race.
        try (RunningServer server = hosting(dir, c -> c)) {
            long id = start(server, spec("pruned", "{type: negative-transfer, patience: 2, warmup_epochs: 1, startup_trials: 0}"));
            List<String> done;
            try (SearchFinishedWatch watch = new SearchFinishedWatch(server.port, id);
                 Trainers trainers = new Trainers(server, id, t -> t.waitForPrune(Duration.ofSeconds(20)).settledAt(1))) {
                assertThat(watch.await(FINISH)).contains("\"status\":\"complete\"");
                done = trainers.done();
            }
            List<TrialSummary> trials = trials(server, id);
            assertThat(trials).hasSize(6);
            assertThat(trials).as("seed 5 samples the planted grouping and layouts with strangers")
                    .anyMatch(t -> t.getState() == TrialState.TRIAL_STATE_PRUNED)
                    .anyMatch(t -> t.getState() == TrialState.TRIAL_STATE_COMPLETE);
            for (TrialSummary t : trials) {
                // Only the planted grouping shares no layer with a stranger.
                boolean strangers = !t.getLayout().equals("0x0[1x8[a,b],1x8[c]]");
                if (strangers) {
                    assertThat(t.getState()).as(t.getLayout()).isEqualTo(TrialState.TRIAL_STATE_PRUNED);
                    assertThat(t.getReason()).startsWith("negative transfer: task");
                    assertThat(done).contains("trial-" + t.getNumber() + " TRIAL STOPPED");
                } else {
                    assertThat(t.getState()).as(t.getLayout()).isEqualTo(TrialState.TRIAL_STATE_COMPLETE);
                    assertThat(done).contains("trial-" + t.getNumber() + " TRIAL TOLD");
                }
            }
        }
    }

    @Test
    void aCrashedAndASilentTrainerFailTheirTrialsWithTheReasonAndTheSearchGoesOn() throws Exception {
        Duration lease = Duration.ofSeconds(2);
        try (RunningServer server = hosting(dir, c -> c.withExternalTrainers(ExternalTrainers.Settings.defaults().withLease(lease)))) {
            long id = start(server, spec("misbehaving", "none"));
            List<String> silent;
            try (SearchFinishedWatch watch = new SearchFinishedWatch(server.port, id);
                 Trainers trainers = new Trainers(server, id, t -> t.crashIn(Set.of("trial-1")).silentIn(Set.of("trial-2")))) {
                assertThat(watch.await(FINISH)).contains("\"status\":\"complete\"");
                assertThat(trainers.done()).contains("trial-1 TRIAL CRASHED", "trial-2 TRIAL SILENT");
                silent = new ArrayList<>();
                trainers.trainers.forEach(t -> silent.addAll(t.silentTickets));
            }
            List<TrialSummary> trials = trials(server, id);
            assertThat(trials).hasSize(6);
            assertThat(trials.get(1).getState()).isEqualTo(TrialState.TRIAL_STATE_FAIL);
            assertThat(trials.get(1).getReason())
                    .isEqualTo("planted crash: CUDA error: an illegal memory access was encountered");
            assertThat(trials.get(2).getState()).isEqualTo(TrialState.TRIAL_STATE_FAIL);
            assertThat(trials.get(2).getReason()).matches("external trainer w[12] went silent: no Report or Tell for 2 s");
            assertThat(trials).filteredOn(t -> t.getNumber() > 2 || t.getNumber() == 0)
                    .allMatch(t -> t.getState() == TrialState.TRIAL_STATE_COMPLETE);
            GetRecommendationReply rec = server.searchClient().getRecommendation(
                    GetRecommendationRequest.newBuilder().setStudyId(id).build());
            assertThat(rec.getTrialNumber()).isNotIn(1L, 2L);

            // The silent trainer's late words are refused: its trial has ended.
            assertThat(silent).hasSize(1);
            assertStatus(Status.Code.FAILED_PRECONDITION, () -> server.searchClient().report(ReportRequest.newBuilder()
                    .setTicket(silent.get(0)).setReportJson("{\"type\": \"alive\"}").build()));
            assertStatus(Status.Code.FAILED_PRECONDITION, () -> server.searchClient().tell(TellRequest.newBuilder()
                    .setTicket(silent.get(0)).setFailureReason("back again").build()));
        }
    }
}
