package io.branchwise.builtin.task.metric;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MultilabelCountsTest {
    // Three rows, two labels. Decisions at 0.5: [1,0], [1,1], [0,0] against truths [1,0], [0,1], [0,1]:
    // cells TP, TN | FP, TP | TN, FN → TP 2, FP 1, FN 1; only row 0 is entirely right.
    private static final float[] P = {0.9f, 0.2f, 0.6f, 0.7f, 0.1f, 0.4f};
    private static final float[] Y = {1, 0, 0, 1, 0, 1};

    @Test
    void microF1PoolsCells() {
        assertThat(MultilabelCounts.of(P, Y, 2).microF1()).isCloseTo(2.0 * 2 / (2 * 2 + 1 + 1), within(1e-12));
    }

    @Test
    void hammingLossIsTheShareOfWrongCells() {
        assertThat(MultilabelCounts.of(P, Y, 2).hammingLoss()).isCloseTo(2.0 / 6, within(1e-12));
    }

    @Test
    void subsetAccuracyNeedsWholeRowsRight() {
        assertThat(MultilabelCounts.of(P, Y, 2).subsetAccuracy()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void thresholdIsInclusive() {
        MultilabelCounts c = MultilabelCounts.of(new float[]{0.5f}, new float[]{1}, 1);
        assertThat(c.truePositives()).isEqualTo(1);
    }

    @Test
    void nothingPositiveAnywhereIsPerfect() {
        MultilabelCounts c = MultilabelCounts.of(new float[]{0.1f, 0.2f}, new float[]{0, 0}, 2);
        assertThat(c.microF1()).isEqualTo(1.0);
        assertThat(c.hammingLoss()).isZero();
    }
}
