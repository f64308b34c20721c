package io.branchwise.builtin.data;

/**
 * Mean and standard deviation of a column over chosen rows, ignoring NaN (missing) values. Data sources fit
 * them on the training rows only, so nothing about validation or test leaks into the scaling.
 *
 * @param count values that were not NaN
 * @param std   population standard deviation; 0 for a constant column
 */
public record ColumnStats(double mean, double std, int count) {

    public static ColumnStats of(double[] column, int[] rows, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            double v = column[rows[i]];
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new ColumnStats(Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = from; i < to; i++) {
            double v = column[rows[i]];
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        return new ColumnStats(mean, Math.sqrt(squares / n), n);
    }

    /**
     * (v − mean) / std, or only v − mean for a constant column: dividing by 0 would make every value NaN, and a
     * constant feature carries no information either way.
     */
    public double standardize(double v) {
        return std > 0 ? (v - mean) / std : v - mean;
    }
}
