package io.branchwise.builtin.task.metric;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ConfusionMatrixTest {
    // Nine rows over three classes. By hand (rows indexed from 0):
    //   class 0: TP rows 0,1; FN row 2 (predicted 1); FP row 7 (a 2 predicted 0)    → F1 = 2·2/(2·2+1+1) = 2/3
    //   class 1: TP row 3; FN row 4 (predicted 2); FP row 2                           → F1 = 2·1/(2·1+1+1) = 1/2
    //   class 2: TP rows 5,6,8; FN row 7; FP row 4                                    → F1 = 2·3/(2·3+1+1) = 3/4
    private static final int[] TRUTH = {0, 0, 0, 1, 1, 2, 2, 2, 2};
    private static final int[] PREDICTED = {0, 0, 1, 1, 2, 2, 2, 0, 2};

    @Test
    void countsPairs() {
        ConfusionMatrix m = ConfusionMatrix.of(TRUTH, PREDICTED, 3);
        assertThat(m.count(0, 0)).isEqualTo(2);
        assertThat(m.count(0, 1)).isEqualTo(1);
        assertThat(m.count(2, 0)).isEqualTo(1);
        assertThat(m.count(1, 0)).isZero();
    }

    @Test
    void accuracyIsTheDiagonalShare() {
        assertThat(ConfusionMatrix.of(TRUTH, PREDICTED, 3).accuracy()).isCloseTo(6.0 / 9, within(1e-12));
    }

    @Test
    void macroF1AveragesPerClassF1() {
        double expected = (2.0 / 3 + 1.0 / 2 + 3.0 / 4) / 3;
        assertThat(ConfusionMatrix.of(TRUTH, PREDICTED, 3).macroF1()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void macroF1LeavesOutClassesAbsentFromLabelsAndPredictions() {
        // A fourth class that neither labels nor predictions use must not pull the average towards 0 (or 1).
        double expected = (2.0 / 3 + 1.0 / 2 + 3.0 / 4) / 3;
        assertThat(ConfusionMatrix.of(TRUTH, PREDICTED, 4).macroF1()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void macroF1CountsAClassOnlyPredicted() {
        // Truth all class 0; one row wrongly predicted 1. Class 0: TP 2, FN 1 → 4/5; class 1: TP 0, FP 1 → 0.
        ConfusionMatrix m = ConfusionMatrix.of(new int[]{0, 0, 0}, new int[]{0, 0, 1}, 3);
        assertThat(m.macroF1()).isCloseTo((4.0 / 5 + 0) / 2, within(1e-12));
    }

    @Test
    void refusesClassesOutOfRange() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[]{0, 3}, new int[]{0, 0}, 3))
                .hasMessageContaining("row 1").hasMessageContaining("class 3");
    }

    @Test
    void emptyGivesNaN() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[0], new int[0], 2);
        assertThat(m.accuracy()).isNaN();
        assertThat(m.macroF1()).isNaN();
    }
}
