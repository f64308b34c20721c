package io.branchwise.builtin.data;

import java.util.Random;

/** A seeded random order of rows, so splits are random but the same for the same seed. */
public final class RowOrder {
    private RowOrder() {
    }

    /** A permutation of 0..n−1 (Fisher–Yates with {@link java.util.Random}, stable across JVMs). */
    public static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
