package io.branchwise.space.sampler.nsga;

import java.util.List;

/**
 * Rows of objective vectors with infinities pulled in to the finite extremes of the same set, per objective.
 * Dominance handles ±∞ fine, but distances (crowding, reference-line association) would turn into NaN; clipping
 * keeps an infinite point at the edge of the set, which is where it belongs.
 */
final class FiniteObjectives {
    private FiniteObjectives() {
    }

    static double[][] of(double[][] points, List<Integer> subset) {
        int m = subset.isEmpty() ? 0 : points[subset.get(0)].length;
        double[][] rows = new double[subset.size()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = points[subset.get(r)].clone();
        }
        for (int k = 0; k < m; k++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : rows) {
                if (Double.isFinite(row[k])) {
                    min = Math.min(min, row[k]);
                    max = Math.max(max, row[k]);
                }
            }
            if (min > max) {
                min = 0.0;
                max = 0.0;
            }
            for (double[] row : rows) {
                if (!Double.isFinite(row[k])) {
                    row[k] = row[k] < 0 ? min : max;
                }
            }
        }
        return rows;
    }
}
