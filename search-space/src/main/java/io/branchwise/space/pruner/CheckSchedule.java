package io.branchwise.space.pruner;

import java.util.Collection;

/**
 * Optuna's warm-up and interval rule: checks happen at steps {@code warmup + k * interval}. A check that falls on
 * a step nobody reported is postponed to the first report after it, and done only once per interval.
 */
record CheckSchedule(long warmupSteps, long intervalSteps) {

    CheckSchedule {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up steps cannot be negative, got " + warmupSteps);
        }
        if (intervalSteps < 1) {
            throw new IllegalArgumentException("interval steps must be at least 1, got " + intervalSteps);
        }
    }

    /** Whether a report at {@code step}, with {@code reportedSteps} reported so far (it included), is checked. */
    boolean isCheck(long step, Collection<Long> reportedSteps) {
        if (step < warmupSteps) {
            return false;
        }
        long nearestCheckAtOrBefore = Math.floorDiv(step - warmupSteps, intervalSteps) * intervalSteps + warmupSteps;
        long previousReport = -1;
        for (long s : reportedSteps) {
            if (s != step && s > previousReport) {
                previousReport = s;
            }
        }
        return previousReport < nearestCheckAtOrBefore;
    }
}
