package io.branchwise.search;

import io.branchwise.launcher.PlantedGroups;
import io.branchwise.launcher.TrainerLauncher;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialListener;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.launcher.TrialRun;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.trial.TrialSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An in-process launcher playing the planted-groups model ({@link PlantedGroups}, every task's error {@link #ALONE}
 * when alone) without trainer processes, so that what the search does with each report is deterministic: a job
 * reports all its epochs at once and completes, except a search trial (folder {@code trial-N}) with negative
 * transfer, which, when {@code waitOnNegativeTransfer}, runs until someone stops it. A search whose pruner missed
 * such a trial then never ends, which the tests' time-outs turn into a failure.
 */
public final class PlantedModelLauncher implements TrainerLauncher {
    /** A task's error alone: well under what predicting the mean scores on the fixture's targets (≈ 1.4 and up). */
    static final double ALONE = 0.25;

    private final PlantedGroups planted;
    private final boolean waitOnNegativeTransfer;
    final List<String> launched = new ArrayList<>();
    final List<String> stopped = new ArrayList<>();
    /** Every launched job's trial spec as the trainer would read it, by work folder ({@code trial-3}, {@code stl-a}). */
    final Map<String, TrialSpec> specs = new LinkedHashMap<>();

    /**
     * The head of a search spec on the fixture's four tasks a, b, c, d (trainer, data, tasks), for tests that play
     * it with this launcher; the caller adds space, training and search.
     */
    static String fourTasks(String name, long seed) {
        return """
                name: %s
                seed: %d
                trainer: scripted
                data: {source: fixture, options: {rows: 8, targets: [a, b, c, d]}}
                tasks:
                  - {name: a, type: fixture-regression, target: a}
                  - {name: b, type: fixture-regression, target: b}
                  - {name: c, type: fixture-regression, target: c}
                  - {name: d, type: fixture-regression, target: d}
                """.formatted(name, seed);
    }

    /** Relative spread of a run's errors with its training seed: 0 makes every seed alike. */
    private final double noise;
    /** A factor on every error of a run, from its spec (its network, learning rate); 1 unless set. */
    private java.util.function.ToDoubleFunction<TrialSpec> networkFactor = s -> 1.0;

    /** The epoch after which a run's error stops falling; every epoch improves unless set. */
    private int settledAt = Integer.MAX_VALUE;
    /** The tasks {@link #settledAt} applies to; null for all. */
    private java.util.Set<String> settling;

    /** Runs stop improving after {@code epoch}: their curves are flat from there, as a converged network's. */
    PlantedModelLauncher settledAt(int epoch) {
        this.settledAt = epoch;
        return this;
    }

    /** Only {@code tasks} stop improving after {@code epoch}; the others improve to the last epoch. */
    PlantedModelLauncher settledAt(int epoch, java.util.Set<String> tasks) {
        this.settling = java.util.Set.copyOf(tasks);
        return settledAt(epoch);
    }

    /** Scales each run's errors by {@code factor} of its spec: a network that fits the data better or worse. */
    PlantedModelLauncher networkFactor(java.util.function.ToDoubleFunction<TrialSpec> factor) {
        this.networkFactor = factor;
        return this;
    }

    public PlantedModelLauncher(List<List<String>> groups, boolean waitOnNegativeTransfer) {
        this(groups, waitOnNegativeTransfer, 0);
    }

    public PlantedModelLauncher(List<List<String>> groups, boolean waitOnNegativeTransfer, double noise) {
        this.planted = new PlantedGroups(groups);
        this.waitOnNegativeTransfer = waitOnNegativeTransfer;
        this.noise = noise;
    }

    @Override
    public TrialRun launch(TrialJob job, TrialListener listener) {
        TrialSpec spec = job.spec();
        String name = job.workDirectory().getFileName().toString();
        launched.add(name + " " + spec.layout());
        specs.put(name, spec);
        boolean negativeTransfer = false;
        Map<String, Map<String, Double>> finalMetrics = new LinkedHashMap<>();
        for (int epoch = 1; epoch <= spec.training().epochs(); epoch++) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (String task : spec.taskNames()) {
                double luck = noise == 0 ? 1
                        : 1 + noise * new java.util.Random(spec.training().seed() * 31 + task.hashCode()).nextGaussian();
                double planted = this.planted.errorFactor(spec.layout(), task);
                negativeTransfer |= planted * luck > 1.0;
                double factor = planted * luck * networkFactor.applyAsDouble(spec);
                int settles = settling == null || settling.contains(task) ? settledAt : Integer.MAX_VALUE;
                double error = ALONE * factor * (1 + 0.5 / Math.min(epoch, settles));
                values.put(task, error);
                finalMetrics.put(task, Map.of("rmse", error));
            }
            listener.onEpoch(new EpochReport(epoch, values, values, 0.0, 1));
        }
        CompletableFuture<TrialOutcome> outcome = new CompletableFuture<>();
        if (!(waitOnNegativeTransfer && negativeTransfer && name.startsWith("trial-"))) {
            outcome.complete(new TrialOutcome(TrialOutcome.Status.COMPLETE,
                    new TrialResult(spec.training().epochs(), false, finalMetrics, finalMetrics, null, null, 1.0), "", ""));
        }
        return new TrialRun() {
            @Override
            public CompletableFuture<TrialOutcome> outcome() {
                return outcome;
            }

            @Override
            public void stop(String reason) {
                stopped.add(name + ": " + reason);
                outcome.complete(new TrialOutcome(TrialOutcome.Status.STOPPED, null, reason, ""));
            }
        };
    }
}
