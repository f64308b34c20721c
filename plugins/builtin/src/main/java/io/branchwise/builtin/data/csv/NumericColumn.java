package io.branchwise.builtin.data.csv;

import java.util.Arrays;

/** A growing column of numbers; NaN marks a missing value. Doubles, so centring large values loses nothing. */
final class NumericColumn {
    // Small at first: a header may name very many columns, and each one gets a column before any row is read.
    private double[] values = new double[16];
    private int size;

    void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    double[] values() {
        return Arrays.copyOf(values, size);
    }
}
