package io.branchwise.dashboard;

import io.branchwise.launcher.PlantedGroups;
import io.branchwise.launcher.TrainerLauncher;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialListener;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.launcher.TrialRun;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.trial.TrialSpec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An in-process launcher for dashboard tests playing the planted-groups model ({@link PlantedGroups}): every task's
 * error is 1.0 alone, 10% lower per friend it shares a layer with, 20% higher per stranger; an affinity run reports
 * the planted affinity. Trials whose work folder is in {@code failIn} fail with a trainer-style reason. With an
 * {@code epochPace} each epoch is reported that long after the previous one, so a search runs long enough to be
 * watched; without, a search finishes at once.
 */
final class DemoLauncher implements TrainerLauncher, AutoCloseable {
    static final String FAILURE = "trainer process exited with code 7 after epoch 1: CUDA-free planted failure";

    private final PlantedGroups planted;
    private final Duration epochPace;
    private final Set<String> failIn;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-launcher");
        t.setDaemon(true);
        return t;
    });

    /** Scales the affinities an affinity run reports (real ones are often of order 1e-3); 1 unless set. */
    private double affinityScale = 1.0;

    DemoLauncher(List<List<String>> groups, Duration epochPace, Set<String> failIn) {
        this.planted = new PlantedGroups(groups);
        this.epochPace = epochPace;
        this.failIn = failIn;
    }

    DemoLauncher affinityScale(double scale) {
        this.affinityScale = scale;
        return this;
    }

    @Override
    public TrialRun launch(TrialJob job, TrialListener listener) {
        TrialSpec spec = job.spec();
        String folder = job.workDirectory().getFileName().toString();
        CompletableFuture<TrialOutcome> outcome = new CompletableFuture<>();
        Runnable[] step = new Runnable[1];
        ScheduledFuture<?>[] next = new ScheduledFuture<?>[1];
        int[] epoch = {0};
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        step[0] = () -> {
            if (outcome.isDone()) {
                return;
            }
            epoch[0]++;
            Map<String, Double> values = new LinkedHashMap<>();
            for (String task : spec.taskNames()) {
                double error = planted.errorFactor(spec.layout(), task) * (1 + 0.5 / epoch[0]);
                values.put(task, error);
                metrics.put(task, Map.of("rmse", error));
            }
            listener.onEpoch(new EpochReport(epoch[0], values, values, 0.01, 32));
            if (failIn.contains(folder)) {
                outcome.complete(new TrialOutcome(TrialOutcome.Status.FAILED, null, FAILURE, ""));
            } else if (epoch[0] >= spec.training().epochs()) {
                outcome.complete(new TrialOutcome(TrialOutcome.Status.COMPLETE, new TrialResult(epoch[0], false,
                        metrics, metrics, affinity(spec), null, 1000.0), "", ""));
            } else if (epochPace.isZero()) {
                step[0].run();
            } else {
                next[0] = clock.schedule(step[0], epochPace.toMillis(), TimeUnit.MILLISECONDS);
            }
        };
        if (epochPace.isZero()) {
            step[0].run();
        } else {
            next[0] = clock.schedule(step[0], epochPace.toMillis(), TimeUnit.MILLISECONDS);
        }
        return new TrialRun() {
            @Override
            public CompletableFuture<TrialOutcome> outcome() {
                return outcome;
            }

            @Override
            public void stop(String reason) {
                if (next[0] != null) {
                    next[0].cancel(false);
                }
                outcome.complete(new TrialOutcome(TrialOutcome.Status.STOPPED, null, reason, ""));
            }
        };
    }

    private AffinityMatrix affinity(TrialSpec spec) {
        if (spec.training().affinityEvery() <= 0) {
            return null;
        }
        List<String> tasks = spec.taskNames();
        double[][] z = new double[tasks.size()][tasks.size()];
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < z.length; j++) {
                z[i][j] = affinityScale * planted.affinity(tasks.get(i), tasks.get(j));
            }
        }
        return new AffinityMatrix(tasks, z);
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
