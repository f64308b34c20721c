package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyView;

import java.util.NavigableMap;
import java.util.OptionalLong;

/**
 * Optuna's threshold pruner: prunes at a check step when the latest value leaves {@code [lower, upper]} or is NaN.
 * It ignores the direction, but like every scalar pruner it refuses multi-objective studies.
 */
public final class ThresholdPruner implements Pruner {
    private final double lower;
    private final double upper;
    private final CheckSchedule schedule;

    /** Use {@code Double.NEGATIVE_INFINITY} / {@code POSITIVE_INFINITY} for a missing bound (Optuna's None). */
    public ThresholdPruner(double lower, double upper, long nWarmupSteps, long intervalSteps) {
        if (Double.isNaN(lower) || Double.isNaN(upper)) {
            throw new IllegalArgumentException("threshold bounds cannot be NaN");
        }
        if (lower == Double.NEGATIVE_INFINITY && upper == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("either lower or upper must be finite");
        }
        if (lower > upper) {
            throw new IllegalArgumentException("lower " + lower + " must not exceed upper " + upper);
        }
        this.lower = lower;
        this.upper = upper;
        this.schedule = new CheckSchedule(nWarmupSteps, intervalSteps);
    }

    public static ThresholdPruner below(double lower) {
        return new ThresholdPruner(lower, Double.POSITIVE_INFINITY, 0, 1);
    }

    public static ThresholdPruner above(double upper) {
        return new ThresholdPruner(Double.NEGATIVE_INFINITY, upper, 0, 1);
    }

    @Override
    public boolean prune(StudyView study, FrozenTrial trial) {
        SingleObjective.direction(study, this);
        NavigableMap<Long, Double> reported = trial.intermediateValues();
        OptionalLong checked = schedule.stepToCheck(reported);
        if (checked.isEmpty()) {
            return false;
        }
        long step = checked.getAsLong();
        double latest = reported.get(step);
        return Double.isNaN(latest) || latest < lower || latest > upper;
    }
}
