package io.branchwise.builtin.data;

/**
 * How many rows go to each split. Train and validation must not be empty (a data set needs both); test may be.
 */
public record SplitSizes(int train, int validation, int test) {

    /**
     * Validation and test as fractions of {@code rows}, rounded to the nearest row, validation at least one row.
     *
     * @throws IllegalArgumentException when the rows are too few to leave a training row; the caller adds where
     */
    public static SplitSizes fractions(int rows, double validation, double test) {
        int v = Math.max(1, (int) Math.round(rows * validation));
        int t = (int) Math.round(rows * test);
        if (rows - v - t < 1) {
            throw new IllegalArgumentException(rows + " usable rows are too few for validation " + validation
                    + " and test " + test + " splits with at least one training row");
        }
        return new SplitSizes(rows - v - t, v, t);
    }

    public int total() {
        return train + validation + test;
    }
}
