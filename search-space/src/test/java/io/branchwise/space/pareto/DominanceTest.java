package io.branchwise.space.pareto;

import io.branchwise.space.study.StudyDirection;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DominanceTest {

    @Test
    void betterSomewhereAndNoWorseElsewhere() {
        assertThat(Dominance.dominates(new double[]{1, 2}, new double[]{1, 3})).isTrue();
        assertThat(Dominance.dominates(new double[]{0, 0, 0}, new double[]{1, 1, 1})).isTrue();
        assertThat(Dominance.dominates(new double[]{1, 3}, new double[]{1, 2})).isFalse();
    }

    @Test
    void equalAndIncomparableVectorsDoNotDominate() {
        assertThat(Dominance.dominates(new double[]{1, 2}, new double[]{1, 2})).isFalse();
        assertThat(Dominance.dominates(new double[]{1, 3}, new double[]{2, 2})).isFalse();
        assertThat(Dominance.dominates(new double[]{2, 2}, new double[]{1, 3})).isFalse();
        assertThat(Dominance.dominates(new double[]{}, new double[]{})).isFalse();
    }

    @Test
    void infinitiesCompareAsNumbers() {
        assertThat(Dominance.dominates(new double[]{Double.NEGATIVE_INFINITY, 5}, new double[]{0, 5})).isTrue();
        assertThat(Dominance.dominates(new double[]{0, Double.POSITIVE_INFINITY}, new double[]{0, 1})).isFalse();
    }

    @Test
    void toMinimizationNegatesOnlyMaximisedObjectives() {
        double[] out = Dominance.toMinimization(List.of(1.0, 2.0, -3.0),
                List.of(StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE, StudyDirection.MAXIMIZE));
        assertThat(out).containsExactly(1.0, -2.0, 3.0);
        assertThat(Dominance.toMinimization(List.of(Double.NaN), List.of(StudyDirection.MAXIMIZE))[0]).isNaN();
        assertThatThrownBy(() -> Dominance.toMinimization(List.of(1.0), List.of())).hasMessageContaining("1 values for 0 directions");
    }

    @Test
    void maximisedObjectivesDominateTheRightWayAfterFlipping() {
        List<StudyDirection> dirs = List.of(StudyDirection.MAXIMIZE, StudyDirection.MINIMIZE);
        double[] highAccLowLoss = Dominance.toMinimization(List.of(0.9, 0.1), dirs);
        double[] lowAccHighLoss = Dominance.toMinimization(List.of(0.8, 0.2), dirs);
        assertThat(Dominance.dominates(highAccLowLoss, lowAccHighLoss)).isTrue();
        assertThat(Dominance.dominates(lowAccHighLoss, highAccLowLoss)).isFalse();
    }

    @Test
    void nanIsNeverNoWorse() {
        assertThat(Dominance.dominates(new double[]{Double.NaN, 0}, new double[]{1, 1})).isFalse();
        assertThat(Dominance.dominates(new double[]{0, 0}, new double[]{Double.NaN, 1})).isFalse();
    }

    @Test
    void differentLengthsAreRefused() {
        assertThatThrownBy(() -> Dominance.dominates(new double[]{0}, new double[]{1, 5}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
