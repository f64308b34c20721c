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
 * 2x128 network and six 2x128 branches train in about the proportions this gives (0.4 : 0.8 : 1.4 : 8 s).
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
        return (double) spec.training().epochs() * (parameters.count(spec.layout()) + PER_HEAD * heads);
    }
}
