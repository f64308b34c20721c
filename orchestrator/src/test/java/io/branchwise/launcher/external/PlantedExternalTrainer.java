package io.branchwise.launcher.external;

import io.branchwise.json.PlainJson;
import io.branchwise.launcher.PlantedGroups;
import io.branchwise.launcher.TrainerMessage;
import io.branchwise.launcher.TrainerProtocol;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.trial.TrialSpec;
import io.branchwise.trial.TrialSpecReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test "external trainer": asks for jobs, reads each trial spec as a real trainer would, plays the planted-groups
 * model on it ({@link PlantedGroups}: every task's error 1.0 alone, 10% lower per friend it shares layers with, 20%
 * higher per stranger), reports every epoch and tells the result. It speaks through a {@link Server}, so the same
 * trainer drives {@link ExternalTrainers} directly or over gRPC.
 *
 * <p>Misbehaviour by job name ({@code trial-3}, {@code stl-a}): {@code crashIn} reports one epoch then tells a
 * failure; {@code silentIn} takes the job and never says a word. With {@code waitForPrune}, a search trial whose
 * layout mixes strangers holds on after its last epoch until it is told to stop (a stop watch of {@code stopWait}),
 * so a search whose pruner missed it shows a complete trial where a pruned one belongs.
 */
public final class PlantedExternalTrainer implements Runnable {
    /** The three calls of the external-trainer API. */
    public interface Server {
        /** The next job, or null when none came within {@code wait}. */
        Job ask(String worker, Duration wait);

        /** Whether to stop. */
        boolean report(String ticket, String reportJson, Duration wait);

        void tell(String ticket, String resultJson);

        void fail(String ticket, String reason);
    }

    public record Job(String ticket, String kind, String name, String specJson, String baseDirectory) {
    }

    private final Server server;
    private final String worker;
    private final PlantedGroups planted;
    private Set<String> crashIn = Set.of();
    private Set<String> silentIn = Set.of();
    private boolean waitForPrune;
    private Duration stopWait = Duration.ofSeconds(10);
    private int settledAt = Integer.MAX_VALUE;
    private volatile boolean quit;
    /** "name kind outcome" per job, in the order this trainer finished them. */
    public final List<String> done = Collections.synchronizedList(new ArrayList<>());
    /** The tickets of the jobs this trainer took and abandoned without a word. */
    public final List<String> silentTickets = Collections.synchronizedList(new ArrayList<>());

    public PlantedExternalTrainer(Server server, String worker, List<List<String>> groups) {
        this.server = server;
        this.worker = worker;
        this.planted = new PlantedGroups(groups);
    }

    public PlantedExternalTrainer crashIn(Set<String> names) {
        crashIn = names;
        return this;
    }

    public PlantedExternalTrainer silentIn(Set<String> names) {
        silentIn = names;
        return this;
    }

    public PlantedExternalTrainer waitForPrune(Duration wait) {
        waitForPrune = true;
        stopWait = wait;
        return this;
    }

    /**
     * Errors stop falling after {@code epoch}, as a converged network's: from there the negative-transfer pruner judges
     * (before, a gap behind a single-task curve still falling fast is a race). Every epoch improves unless set.
     */
    public PlantedExternalTrainer settledAt(int epoch) {
        settledAt = epoch;
        return this;
    }

    /** Ends {@link #run} once the current ask returns. */
    public void quit() {
        quit = true;
    }

    public boolean quitting() {
        return quit;
    }

    @Override
    public void run() {
        while (!quit) {
            Job job;
            try {
                job = server.ask(worker, Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                if (quit) {
                    return; // the server went away while this trainer was told to quit
                }
                throw e;
            }
            if (job != null) {
                work(job);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void work(Job job) {
        TrialSpec spec = TrialSpecReader.fromMap((Map<String, Object>) PlainJson.read(job.specJson()),
                Path.of(job.baseDirectory()));
        if (silentIn.contains(job.name())) {
            silentTickets.add(job.ticket());
            done.add(job.name() + " " + job.kind() + " SILENT");
            return;
        }
        boolean strangers = false;
        boolean stopped = false;
        int epochs = 0;
        for (int epoch = 1; epoch <= spec.training().epochs(); epoch++) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (String task : spec.taskNames()) {
                double factor = planted.errorFactor(spec.layout(), task);
                strangers |= factor > 1.0;
                values.put(task, factor * (1 + 0.5 / Math.min(epoch, settledAt)));
            }
            String report = TrainerProtocol.encode(new TrainerMessage.Epoch(new EpochReport(epoch, values, values, 0.01, 32)));
            epochs = epoch;
            if (server.report(job.ticket(), report, Duration.ZERO)) {
                stopped = true;
                break;
            }
            if (crashIn.contains(job.name())) {
                server.fail(job.ticket(), "planted crash: CUDA error: an illegal memory access was encountered");
                done.add(job.name() + " " + job.kind() + " CRASHED");
                return;
            }
        }
        if (!stopped && waitForPrune && strangers && job.name().startsWith("trial-")) {
            stopped = server.report(job.ticket(), "", stopWait);
        }
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        for (String task : spec.taskNames()) {
            metrics.put(task, Map.of("rmse", planted.errorFactor(spec.layout(), task)
                    * (1 + 0.5 / Math.min(Math.max(epochs, 1), settledAt))));
        }
        AffinityMatrix affinity = null;
        if (spec.training().affinityEvery() > 0) {
            List<String> tasks = spec.taskNames();
            double[][] z = new double[tasks.size()][tasks.size()];
            for (int i = 0; i < z.length; i++) {
                for (int j = 0; j < z.length; j++) {
                    z[i][j] = planted.affinity(tasks.get(i), tasks.get(j));
                }
            }
            affinity = new AffinityMatrix(tasks, z);
        }
        server.tell(job.ticket(), TrainerProtocol.encode(new TrainerMessage.Result(
                new TrialResult(epochs, stopped, metrics, metrics, affinity, null, 1000.0))));
        done.add(job.name() + " " + job.kind() + (stopped ? " STOPPED" : " TOLD"));
    }

    /** Straight to an {@link ExternalTrainers}, in this JVM. */
    public static Server direct(ExternalTrainers trainers) {
        return new Server() {
            @Override
            public Job ask(String worker, Duration wait) {
                return trainers.ask(worker, 0, wait).join().map(a -> new Job(a.ticket(), a.kind().name(),
                        a.jobName(), a.trialSpecJson(), a.baseDirectory())).orElse(null);
            }

            @Override
            public boolean report(String ticket, String reportJson, Duration wait) {
                return trainers.report(ticket, reportJson, wait).join().shouldStop();
            }

            @Override
            public void tell(String ticket, String resultJson) {
                trainers.tellResult(ticket, resultJson);
            }

            @Override
            public void fail(String ticket, String reason) {
                trainers.tellFailure(ticket, reason, "");
            }
        };
    }
}
