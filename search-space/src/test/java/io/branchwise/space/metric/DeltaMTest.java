package io.branchwise.space.metric;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DeltaMTest {

    @Test
    void positiveMeansBetterInBothDirections() {
        DeltaM d = DeltaM.of(List.of(
                new TaskComparison("acc", 0.88, 0.80, true),     // +10 %
                new TaskComparison("mse", 0.45, 0.50, false),    // lower error: +10 %
                new TaskComparison("auc", 0.76, 0.80, true),     // −5 %
                new TaskComparison("mae", 2.2, 2.0, false)));    // higher error: −10 %
        assertThat(d.perTask().get("acc")).isCloseTo(10.0, within(1e-9));
        assertThat(d.perTask().get("mse")).isCloseTo(10.0, within(1e-9));
        assertThat(d.perTask().get("auc")).isCloseTo(-5.0, within(1e-9));
        assertThat(d.perTask().get("mae")).isCloseTo(-10.0, within(1e-9));
        assertThat(d.percent()).isCloseTo((10 + 10 - 5 - 10) / 4.0, within(1e-9));
        assertThat(d.perTask().keySet()).containsExactly("acc", "mse", "auc", "mae");
        assertThat(d.negativeTransfer()).containsExactly("auc", "mae");
    }

    @Test
    void negativeBaselineKeepsTheSignConvention() {
        // R² from −0.5 to −0.25 is an improvement; dividing by the signed baseline would call it −50 %.
        DeltaM d = DeltaM.of(List.of(new TaskComparison("r2", -0.25, -0.5, true)));
        assertThat(d.percent()).isCloseTo(50.0, within(1e-9));
        DeltaM loss = DeltaM.of(List.of(new TaskComparison("nll", -2.0, -1.0, false)));
        assertThat(loss.percent()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void equalToBaselineIsZeroAndOneTaskIsItsOwnMean() {
        DeltaM d = DeltaM.of(List.of(new TaskComparison("t", 3.0, 3.0, false)));
        assertThat(d.percent()).isZero();
        assertThat(d.negativeTransfer()).isEmpty();
    }

    @Test
    void refusesBaselinesItCannotDivideByAndNonFiniteValues() {
        assertThatThrownBy(() -> DeltaM.of(List.of())).hasMessageContaining("at least one task");
        assertThatThrownBy(() -> DeltaM.of(List.of(new TaskComparison("a", 1, 0.0, true))))
                .hasMessageContaining("task 'a': single-task baseline is 0.0");
        assertThatThrownBy(() -> DeltaM.of(List.of(new TaskComparison("a", 1, -0.0, true)))).hasMessageContaining("non-zero");
        assertThatThrownBy(() -> DeltaM.of(List.of(new TaskComparison("b", 1, Double.NaN, true))))
                .hasMessageContaining("task 'b': single-task baseline is NaN");
        assertThatThrownBy(() -> DeltaM.of(List.of(new TaskComparison("c", 1, Double.POSITIVE_INFINITY, true))))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> DeltaM.of(List.of(new TaskComparison("d", Double.NaN, 1, true))))
                .hasMessageContaining("task 'd': multi-task value is NaN");
        assertThatThrownBy(() -> DeltaM.of(List.of(new TaskComparison("e", 1, 1, true), new TaskComparison("e", 2, 1, true))))
                .hasMessageContaining("listed twice");
    }
}
