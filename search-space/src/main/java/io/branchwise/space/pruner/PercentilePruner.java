package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;

import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.OptionalLong;

/**
 * Optuna's percentile pruner: at a check step, prunes when the trial's best value so far is worse than the given
 * percentile of the COMPLETE trials' values at that very step ("top 25% are kept" for 25). Percentiles interpolate
 * linearly between order statistics, as numpy does, and skip NaN values.
 *
 * <p>Nothing is pruned before {@code nStartupTrials} trials are complete, before {@code nWarmupSteps}, off the
 * {@code intervalSteps} grid, or while fewer than {@code nMinTrials} complete trials reported the step. A trial
 * whose reported values are all NaN is pruned (a NaN after finite values does not change its best so far, exactly
 * as in Optuna).
 */
public final class PercentilePruner implements Pruner {
    private final double percentile;
    private final int nStartupTrials;
    private final CheckSchedule schedule;
    private final int nMinTrials;

    public PercentilePruner(double percentile, int nStartupTrials, long nWarmupSteps, long intervalSteps, int nMinTrials) {
        if (!(percentile >= 0.0 && percentile <= 100.0)) {
            throw new IllegalArgumentException("percentile must be between 0 and 100 inclusive, got " + percentile);
        }
        if (nStartupTrials < 0) {
            throw new IllegalArgumentException("startup trials cannot be negative, got " + nStartupTrials);
        }
        if (nMinTrials < 1) {
            throw new IllegalArgumentException("the minimum number of trials must be at least 1, got " + nMinTrials);
        }
        this.percentile = percentile;
        this.nStartupTrials = nStartupTrials;
        this.schedule = new CheckSchedule(nWarmupSteps, intervalSteps);
        this.nMinTrials = nMinTrials;
    }

    /** Optuna's defaults: 5 startup trials, no warm-up, every step, one trial at the step. */
    public PercentilePruner(double percentile) {
        this(percentile, 5, 0, 1, 1);
    }

    @Override
    public boolean prune(StudyView study, FrozenTrial trial) {
        StudyDirection direction = SingleObjective.direction(study, this);
        List<FrozenTrial> complete = study.completeTrials();
        if (complete.isEmpty() || complete.size() < nStartupTrials) {
            return false;
        }
        NavigableMap<Long, Double> reported = trial.intermediateValues();
        OptionalLong checked = schedule.stepToCheck(reported);
        if (checked.isEmpty()) {
            return false;
        }
        long step = checked.getAsLong();
        double best = BestValue.of(reported.values(), direction);
        if (Double.isNaN(best)) {
            return true;
        }
        double threshold = thresholdAt(complete, direction, step);
        if (Double.isNaN(threshold)) {
            return false;
        }
        return direction == StudyDirection.MAXIMIZE ? best < threshold : best > threshold;
    }

    private double thresholdAt(List<FrozenTrial> complete, StudyDirection direction, long step) {
        double[] atStep = complete.stream()
                .map(t -> t.intermediateValues().get(step))
                .filter(v -> v != null)
                .mapToDouble(Double::doubleValue)
                .toArray();
        if (atStep.length < nMinTrials) {
            return Double.NaN;
        }
        // "Keep the top p%" means the p-th percentile when minimising and the (100 - p)-th when maximising.
        return linearPercentile(atStep, direction == StudyDirection.MAXIMIZE ? 100.0 - percentile : percentile);
    }

    static double linearPercentile(double[] values, double percentile) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = percentile / 100.0 * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, sorted.length - 1);
        double fraction = position - low;
        if (fraction == 0.0 || sorted[low] == sorted[high]) {
            return sorted[low];
        }
        return sorted[low] + (sorted[high] - sorted[low]) * fraction;
    }
}
