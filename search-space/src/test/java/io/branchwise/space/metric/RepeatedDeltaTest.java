package io.branchwise.space.metric;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The interval arithmetic of repeated comparisons, against values computed by hand (shown in the comments). */
class RepeatedDeltaTest {
    @Test
    void studentTQuantilesMatchTheTables() {
        assertThat(StudentT.quantile(0.975, 1)).isCloseTo(12.7062047, within(1e-6));
        assertThat(StudentT.quantile(0.975, 2)).isCloseTo(4.3026527, within(1e-6));
        assertThat(StudentT.quantile(0.975, 4)).isCloseTo(2.7764451, within(1e-6));
        assertThat(StudentT.quantile(0.975, 10)).isCloseTo(2.2281389, within(1e-6));
        assertThat(StudentT.quantile(0.975, 30)).isCloseTo(2.0422725, within(1e-6));
        assertThat(StudentT.quantile(0.975, 1e7)).isCloseTo(1.9599640, within(1e-5));
        assertThat(StudentT.quantile(0.025, 4)).isCloseTo(-2.7764451, within(1e-6));
        assertThat(StudentT.cdf(0, 3)).isCloseTo(0.5, within(1e-12));
        assertThat(StudentT.cdf(StudentT.quantile(0.9, 2.5), 2.5)).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void oneTasksDeltaIsWelchsIntervalScaledByTheBaseline() {
        // M = 0.80, 0.84, 0.82 (mean 0.82, s² 0.0004); B = 0.78, 0.79, 0.77 (mean 0.78, s² 0.0001).
        // Δ = 0.04/0.78 = 5.128205%; SE = √(0.0004/3 + 0.0001/3)/0.78 = 1.655121%; ν = 50/17 = 2.941176.
        RepeatedDelta d = RepeatedDelta.of("a", Sample.of(0.80, 0.84, 0.82), Sample.of(0.78, 0.79, 0.77), true);
        double t = StudentT.quantile(0.975, 50.0 / 17);
        assertThat(t).isBetween(3.182446, 4.302653); // between ν = 3 and ν = 2
        assertThat(d.percent()).isCloseTo(5.128205, within(1e-6));
        assertThat(d.degreesOfFreedom()).isCloseTo(50.0 / 17, within(1e-9));
        assertThat(d.low()).isCloseTo(5.128205 - t * 1.655121, within(1e-5));
        assertThat(d.high()).isCloseTo(5.128205 + t * 1.655121, within(1e-5));
        assertThat(d.noiseFloor()).as("s_B/|B̄| = 0.01/0.78").isCloseTo(1.282051, within(1e-6));
        assertThat(d.low()).as("three seeds cannot tell +5% from nothing here").isNegative();
    }

    @Test
    void aLowerIsBetterMetricTurnsTheSignAndALossIsSignificantOnlyBeyondTheAcceptedDrop() {
        // rmse 1.30, 1.32, 1.31 against 1.00, 1.01, 0.99: Δ = −31%, SE √(1e-4/3 + 1e-4/3) = 0.8165%, ν = 4.
        RepeatedDelta d = RepeatedDelta.of("r", Sample.of(1.30, 1.32, 1.31), Sample.of(1.00, 1.01, 0.99), false);
        assertThat(d.percent()).isCloseTo(-31.0, within(1e-9));
        assertThat(d.degreesOfFreedom()).isCloseTo(4.0, within(1e-9));
        assertThat(d.high()).isCloseTo(-31.0 + 2.7764451 * 0.8164966, within(1e-5));
        assertThat(d.significantLoss(0)).isTrue();
        assertThat(d.significantLoss(30)).as("−31% ± 2.3 reaches above −30%").isFalse();
    }

    @Test
    void anUnchangedLowerIsBetterTaskIsPlusZeroNotMinusZero() {
        RepeatedDelta d = RepeatedDelta.of("r", Sample.of(1.0, 1.0), Sample.of(1.0, 1.0), false);
        assertThat(String.format(java.util.Locale.ROOT, "%+.2f [%+.2f, %+.2f]", d.percent(), d.low(), d.high()))
                .isEqualTo("+0.00 [+0.00, +0.00]");
    }

    @Test
    void withoutSpreadTheIntervalIsThePoint() {
        RepeatedDelta d = RepeatedDelta.of("a", Sample.of(0.9), Sample.of(0.8), true);
        assertThat(d.low()).isEqualTo(d.percent()).isEqualTo(d.high());
        assertThat(d.degreesOfFreedom()).isInfinite();
    }

    @Test
    void deltaMPairsTheMultiTaskSeedsAndAddsEachBaselinesUncertainty() {
        // a (accuracy): M 0.80 0.84 0.82, B 0.78 0.79 0.77 (B̄ 0.78); b (rmse): M 1.0 1.1 0.9, B 1.2 1.0 (B̄ 1.1).
        // Per seed Δm: 5.827506, 3.846154, 11.655012 → mean 7.109557, var/3 = 5.492436.
        // Baselines: (100/(2·0.78))²·0.0001/3 = 0.136971; (100/(2·1.1))²·0.02/2 = 20.661157.
        // SE = √26.290563 = 5.127432; ν = 26.290563² / (5.492436²/2 + 0.136971²/2 + 20.661157²/1) = 1.563871.
        RepeatedDeltaM dm = RepeatedDeltaM.of(List.of(
                new RepeatedDeltaM.TaskSamples("a", Sample.of(0.80, 0.84, 0.82), Sample.of(0.78, 0.79, 0.77), true),
                new RepeatedDeltaM.TaskSamples("b", Sample.of(1.0, 1.1, 0.9), Sample.of(1.2, 1.0), false)));
        assertThat(dm.percent()).isCloseTo(7.109557, within(1e-6));
        assertThat(dm.degreesOfFreedom()).isCloseTo(1.563871, within(1e-6));
        double half = StudentT.quantile(0.975, 1.563871) * 5.127432;
        assertThat(dm.low()).isCloseTo(7.109557 - half, within(1e-4));
        assertThat(dm.high()).isCloseTo(7.109557 + half, within(1e-4));
        assertThat(dm.percent()).as("the point is Δm of the means").isCloseTo(DeltaM.of(List.of(
                new TaskComparison("a", 0.82, 0.78, true), new TaskComparison("b", 1.0, 1.1, false))).percent(), within(1e-9));
        assertThat(dm.perTask()).extracting(RepeatedDelta::task).containsExactly("a", "b");
        assertThat(dm.significantLosses(0)).isEmpty();
    }

    @Test
    void aTaskOfWeightZeroLeavesDeltaMButKeepsItsOwnDelta() {
        var a = new RepeatedDeltaM.TaskSamples("a", Sample.of(0.80, 0.84, 0.82), Sample.of(0.78, 0.79, 0.77), true);
        var b = new RepeatedDeltaM.TaskSamples("b", Sample.of(1.0, 1.1, 0.9), Sample.of(1.2, 1.0), false, 0.0);
        RepeatedDeltaM alone = RepeatedDeltaM.of(List.of(a));
        RepeatedDeltaM both = RepeatedDeltaM.of(List.of(a, b));
        assertThat(both.percent()).isCloseTo(alone.percent(), within(1e-12));
        assertThat(both.low()).isCloseTo(alone.low(), within(1e-12));
        assertThat(both.high()).isCloseTo(alone.high(), within(1e-12));
        assertThat(both.perTask()).hasSize(2);
        assertThat(both.perTask().get(1).percent()).isCloseTo(0.1 / 1.1 * 100, within(1e-9));
        // Weights 3:1 — Δm is the weighted mean of the per-task Δ.
        var a3 = new RepeatedDeltaM.TaskSamples("a", a.multiTask(), a.singleTask(), true, 3.0);
        var b1 = new RepeatedDeltaM.TaskSamples("b", b.multiTask(), b.singleTask(), false, 1.0);
        RepeatedDeltaM weighted = RepeatedDeltaM.of(List.of(a3, b1));
        assertThat(weighted.percent()).isCloseTo((3 * 0.04 / 0.78 * 100 + 0.1 / 1.1 * 100) / 4, within(1e-9));
        assertThatThrownBy(() -> RepeatedDeltaM.of(List.of(b))).hasMessageContaining("positive weight");
    }

    @Test
    void multiTaskRunsMustBeTheSameSeedsForEveryTask() {
        assertThatThrownBy(() -> RepeatedDeltaM.of(List.of(
                new RepeatedDeltaM.TaskSamples("a", Sample.of(1, 2, 3), Sample.of(1, 2), true),
                new RepeatedDeltaM.TaskSamples("b", Sample.of(1, 2), Sample.of(1, 2), true))))
                .hasMessageContaining("same seeds");
        assertThatThrownBy(() -> Sample.of(1, Double.NaN)).hasMessageContaining("finite");
    }
}
