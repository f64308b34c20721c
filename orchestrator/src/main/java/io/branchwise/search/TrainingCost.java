package io.branchwise.search;

import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.ParameterBudget;
import io.branchwise.trial.TrialSpec;

import java.util.List;
import java.util.OptionalLong;

/**
 * A training's expected cost beside the other trainings of the same search (same data, so rows cancel out): its
 * epochs times its parameters, plus a fixed share per head for the work a step does whatever the layer sizes (the
 * ops of each head's loss, metric and update). Measured on the planted example's data, a linear model, a 1x64 and a
 * 2x128 network and six 2x128 branches train in about the proportions this gives (0.4 : 0.8 : 1.4 : 8 s). A step
 * that takes every task's gradient (gradient-combining weightings) costs a backward pass per task; an affinity run
 * adds a gradient and a look-ahead pass per task at each measurement.
 *
 * <p>Only an order is taken from it ({@link JobQueue}): which of the jobs that are ready at once starts first.
 */
final class TrainingCost {
    /** What a head costs per step beyond its parameters, in parameter-equivalents. */
    static final long PER_HEAD = 10_000;

    private final ParameterBudget parameters;

    TrainingCost(List<BoundTask> tasks) {
        this.parameters = new ParameterBudget(tasks, OptionalLong.empty());
    }

    double of(TrialSpec spec) {
        long heads = spec.layout().tasks().size();
        double step = switch (spec.weighting().method()) {
            case GRADNORM, PCGRAD, CAGRAD, NASH_MTL -> heads;
            default -> 1.0;
        };
        int affinityEvery = spec.training().affinityEvery();
        if (affinityEvery > 0) {
            step += 2.0 * heads / affinityEvery;
        }
        return spec.training().epochs() * step * (parameters.count(spec.layout()) + PER_HEAD * heads);
    }
}
