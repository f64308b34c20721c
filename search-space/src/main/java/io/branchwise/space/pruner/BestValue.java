package io.branchwise.space.pruner;

import io.branchwise.space.study.StudyDirection;

/** Best of a set of reported values, skipping NaN like numpy's nanmin/nanmax; NaN only when all are NaN. */
final class BestValue {
    private BestValue() {
    }

    static double of(Iterable<Double> values, StudyDirection direction) {
        double best = Double.NaN;
        for (double v : values) {
            if (Double.isNaN(v)) {
                continue;
            }
            if (Double.isNaN(best) || (direction == StudyDirection.MINIMIZE ? v < best : v > best)) {
                best = v;
            }
        }
        return best;
    }
}
