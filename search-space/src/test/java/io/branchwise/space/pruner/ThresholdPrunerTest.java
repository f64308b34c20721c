package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import static io.branchwise.space.pruner.Histories.minimize;
import static io.branchwise.space.pruner.Histories.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdPrunerTest {

    @Test
    void prunesOutsideTheBoundsOnTheLatestValue() {
        ThresholdPruner band = new ThresholdPruner(0.0, 1.0, 0, 1);
        assertThat(band.prune(minimize(), running(0, 0.5))).isFalse();
        assertThat(band.prune(minimize(), running(0, 0.0))).isFalse();
        assertThat(band.prune(minimize(), running(0, 1.0))).isFalse();
        assertThat(band.prune(minimize(), running(0, -0.1))).isTrue();
        assertThat(band.prune(minimize(), running(0, 1.1))).isTrue();
        // only the latest value matters: an earlier excursion is forgiven
        assertThat(band.prune(minimize(), running(0, 5.0, 0.5))).isFalse();
    }

    @Test
    void nanAndInfinitiesArePruned() {
        assertThat(ThresholdPruner.above(1.0).prune(minimize(), running(0, Double.NaN))).isTrue();
        assertThat(ThresholdPruner.below(0.0).prune(minimize(), running(0, Double.NaN))).isTrue();
        assertThat(ThresholdPruner.above(1.0).prune(minimize(), running(0, Double.POSITIVE_INFINITY))).isTrue();
        assertThat(ThresholdPruner.above(1.0).prune(minimize(), running(0, Double.NEGATIVE_INFINITY))).isFalse();
        assertThat(ThresholdPruner.below(0.0).prune(minimize(), running(0, Double.NEGATIVE_INFINITY))).isTrue();
    }

    @Test
    void warmUpAndIntervalGateTheChecks() {
        ThresholdPruner pruner = new ThresholdPruner(Double.NEGATIVE_INFINITY, 1.0, 2, 2);
        assertThat(pruner.prune(minimize(), running(0, 9))).isFalse();
        assertThat(pruner.prune(minimize(), running(0, 9, 9))).isFalse();
        assertThat(pruner.prune(minimize(), running(0, 9, 9, 9))).isTrue();
        assertThat(pruner.prune(minimize(), running(0, 9, 9, 9, 9))).isFalse();
        assertThat(pruner.prune(minimize(), running(0, 9, 9, 9, 9, 9))).isTrue();
    }

    @Test
    void needsNoOtherTrialsAndIgnoresEmptyTrials() {
        assertThat(ThresholdPruner.above(1.0).prune(minimize(), FrozenTrial.running(0))).isFalse();
        FrozenTrial failed = Histories.curve(0, TrialState.FAIL, 0.0);
        assertThat(ThresholdPruner.above(1.0).prune(minimize(failed), running(1, 2.0))).isTrue();
    }

    @Test
    void invalidBoundsAndMultiObjectiveStudiesAreRejected() {
        assertThatThrownBy(() -> new ThresholdPruner(2.0, 1.0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThresholdPruner(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThresholdPruner(Double.NaN, 1.0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThresholdPruner(0, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThresholdPruner.above(1).prune(Histories.twoObjectives(), running(0, 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ThresholdPruner");
    }
}
