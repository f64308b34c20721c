package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyView;

/**
 * Optuna's median pruner: the {@link PercentilePruner} at the 50th percentile, so a trial whose best value so far
 * is worse than the median of the complete trials' values at the same step is pruned.
 */
public final class MedianPruner implements Pruner {
    private final PercentilePruner percentile;

    public MedianPruner(int nStartupTrials, long nWarmupSteps, long intervalSteps, int nMinTrials) {
        this.percentile = new PercentilePruner(50.0, nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials);
    }

    /** Optuna's defaults: 5 startup trials, no warm-up, every step, one trial at the step. */
    public MedianPruner() {
        this(5, 0, 1, 1);
    }

    @Override
    public boolean prune(StudyView study, FrozenTrial trial) {
        SingleObjective.direction(study, this); // so a refusal names the pruner the user configured
        return percentile.prune(study, trial);
    }
}
