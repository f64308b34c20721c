package io.branchwise.space.pruner;

import java.util.NavigableMap;
import java.util.OptionalLong;

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

    /**
     * The trial's latest reported step when that report is to be checked, or empty: before any report, during
     * warm-up, or between checks.
     */
    OptionalLong stepToCheck(NavigableMap<Long, Double> reported) {
        if (reported.isEmpty()) {
            return OptionalLong.empty();
        }
        long step = reported.lastKey();
        if (step < warmupSteps) {
            return OptionalLong.empty();
        }
        long nearestCheckAtOrBefore = Math.floorDiv(step - warmupSteps, intervalSteps) * intervalSteps + warmupSteps;
        Long previousReport = reported.lowerKey(step);
        return previousReport == null || previousReport < nearestCheckAtOrBefore
                ? OptionalLong.of(step) : OptionalLong.empty();
    }
}
