package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.branchwise.space.pruner.Histories.at;
import static io.branchwise.space.pruner.Histories.completeAt;
import static io.branchwise.space.pruner.Histories.running;
import static io.branchwise.space.pruner.Histories.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PercentilePrunerTest {
    private static final List<StudyDirection> MIN = List.of(StudyDirection.MINIMIZE);
    private static final List<StudyDirection> MAX = List.of(StudyDirection.MAXIMIZE);

    private static MedianPruner median() {
        return new MedianPruner(0, 0, 1, 1);
    }

    private static FrozenTrial candidate(long step, double value) {
        return at(99, TrialState.RUNNING, step, value);
    }

    @Test
    void medianOfFourValuesSeparatesPrunedFromKeptWhenMinimising() {
        // median of 1, 2, 3, 4 is 2.5
        List<FrozenTrial> done = completeAt(1, 4, 1, 3, 2);
        assertThat(median().prune(with(MIN, done), candidate(1, 2.6))).isTrue();
        assertThat(median().prune(with(MIN, done), candidate(1, 2.4))).isFalse();
        assertThat(median().prune(with(MIN, done), candidate(1, 2.5))).isFalse();
    }

    @Test
    void maximisingFlipsTheComparison() {
        List<FrozenTrial> done = completeAt(1, 4, 1, 3, 2);
        assertThat(median().prune(with(MAX, done), candidate(1, 2.6))).isFalse();
        assertThat(median().prune(with(MAX, done), candidate(1, 2.4))).isTrue();
    }

    @Test
    void theTrialIsJudgedOnItsBestValueSoFar() {
        List<FrozenTrial> done = completeAt(1, 4, 1, 3, 2);
        FrozenTrial wasGood = FrozenTrial.builder(99).intermediate(0, 1.0).intermediate(1, 3.0).build();
        assertThat(median().prune(with(MIN, done), wasGood)).isFalse();
        FrozenTrial neverGood = FrozenTrial.builder(99).intermediate(0, 2.7).intermediate(1, 3.0).build();
        assertThat(median().prune(with(MIN, done), neverGood)).isTrue();
    }

    @Test
    void onlyCompleteTrialsAtTheSameStepCount() {
        List<FrozenTrial> trials = List.of(
                at(0, TrialState.COMPLETE, 1, 10.0), at(1, TrialState.COMPLETE, 2, 0.0),
                at(2, TrialState.PRUNED, 1, 0.0), at(3, TrialState.RUNNING, 1, 0.0), at(4, TrialState.FAIL, 1, 0.0));
        assertThat(median().prune(with(MIN, trials), candidate(1, 5.0))).isFalse();
        assertThat(median().prune(with(MIN, trials), candidate(1, 10.5))).isTrue();
    }

    @Test
    void percentileTwentyFiveKeepsTheTopQuarter() {
        List<FrozenTrial> done = completeAt(0, 1, 2, 3, 4, 5);
        PercentilePruner p25 = new PercentilePruner(25.0, 0, 0, 1, 1);
        // 25th percentile of 1..5 is 2; when maximising the cut is the 75th percentile, 4
        assertThat(p25.prune(with(MIN, done), candidate(0, 2.0))).isFalse();
        assertThat(p25.prune(with(MIN, done), candidate(0, 2.1))).isTrue();
        assertThat(p25.prune(with(MAX, done), candidate(0, 4.0))).isFalse();
        assertThat(p25.prune(with(MAX, done), candidate(0, 3.9))).isTrue();
    }

    @Test
    void percentilesInterpolateLinearly() {
        assertThat(PercentilePruner.linearPercentile(new double[]{10, 0, 20}, 25.0)).isEqualTo(5.0);
        assertThat(PercentilePruner.linearPercentile(new double[]{7}, 80.0)).isEqualTo(7.0);
        assertThat(PercentilePruner.linearPercentile(new double[]{Double.NaN, 1, 3}, 50.0)).isEqualTo(2.0);
        assertThat(PercentilePruner.linearPercentile(new double[]{Double.NaN}, 50.0)).isNaN();
    }

    @Test
    void startupTrialsDisablePruning() {
        FrozenTrial bad = candidate(0, 100.0);
        MedianPruner pruner = new MedianPruner(5, 0, 1, 1);
        assertThat(pruner.prune(with(MIN, completeAt(0, 1, 2, 3, 4)), bad)).isFalse();
        assertThat(pruner.prune(with(MIN, completeAt(0, 1, 2, 3, 4, 5)), bad)).isTrue();
    }

    @Test
    void warmUpStepsDisablePruning() {
        MedianPruner pruner = new MedianPruner(0, 3, 1, 1);
        List<FrozenTrial> done = List.of(Histories.complete(0, 1, 1, 1, 1, 1));
        assertThat(pruner.prune(with(MIN, done), running(9, 5, 5, 5))).isFalse();
        assertThat(pruner.prune(with(MIN, done), running(9, 5, 5, 5, 5))).isTrue();
    }

    @Test
    void intervalStepsCheckOnlyOnTheGridAndPostponeMissedChecks() {
        MedianPruner everyOther = new MedianPruner(0, 0, 2, 1);
        List<FrozenTrial> done = List.of(Histories.complete(0, 1, 1, 1, 1, 1));
        assertThat(everyOther.prune(with(MIN, done), running(9, 5))).isTrue();
        assertThat(everyOther.prune(with(MIN, done), running(9, 5, 5))).isFalse();
        assertThat(everyOther.prune(with(MIN, done), running(9, 5, 5, 5))).isTrue();
        assertThat(everyOther.prune(with(MIN, done), running(9, 5, 5, 5, 5))).isFalse();

        // checks due at 0 and 3; reports at 0, 2, 4: step 2 is no check, step 4 takes the missed check at 3
        MedianPruner everyThird = new MedianPruner(0, 0, 3, 1);
        List<FrozenTrial> doneAtEven = List.of(FrozenTrial.builder(0).state(TrialState.COMPLETE).values(1)
                .intermediate(0, 1).intermediate(2, 1).intermediate(4, 1).build());
        FrozenTrial upTo2 = FrozenTrial.builder(9).intermediate(0, 5).intermediate(2, 5).build();
        FrozenTrial upTo4 = upTo2.toBuilder().intermediate(4, 5).build();
        assertThat(everyThird.prune(with(MIN, doneAtEven), upTo2)).isFalse();
        assertThat(everyThird.prune(with(MIN, doneAtEven), upTo4)).isTrue();
    }

    @Test
    void tooFewTrialsAtTheStepDisablePruning() {
        MedianPruner needsThree = new MedianPruner(0, 0, 1, 3);
        assertThat(needsThree.prune(with(MIN, completeAt(0, 1, 2)), candidate(0, 9))).isFalse();
        assertThat(needsThree.prune(with(MIN, completeAt(0, 1, 2, 3)), candidate(0, 9))).isTrue();
    }

    @Test
    void nanValuesFollowOptuna() {
        List<FrozenTrial> done = completeAt(0, 1, 2, 3);
        FrozenTrial onlyNaN = FrozenTrial.builder(9).intermediate(0, Double.NaN).build();
        assertThat(median().prune(with(MIN, done), onlyNaN)).isTrue();
        // a NaN after a good value leaves the best so far good
        FrozenTrial goodThenNaN = FrozenTrial.builder(9).intermediate(0, 1.0).intermediate(1, Double.NaN).build();
        assertThat(median().prune(with(MIN, completeAt(1, 1, 2, 3)), goodThenNaN)).isFalse();
        // NaN among the others is skipped: median of {1, 3} is 2
        List<FrozenTrial> withNaN = completeAt(0, 1, Double.NaN, 3);
        assertThat(median().prune(with(MIN, withNaN), candidate(0, 2.1))).isTrue();
        assertThat(median().prune(with(MIN, withNaN), candidate(0, 1.9))).isFalse();
        // all others NaN: nothing to compare with
        assertThat(median().prune(with(MIN, completeAt(0, Double.NaN, Double.NaN)), candidate(0, 1e9))).isFalse();
    }

    @Test
    void infiniteValues() {
        List<FrozenTrial> done = completeAt(0, 1, 2, 3, Double.POSITIVE_INFINITY);
        assertThat(median().prune(with(MIN, done), candidate(0, Double.POSITIVE_INFINITY))).isTrue();
        assertThat(median().prune(with(MIN, done), candidate(0, Double.NEGATIVE_INFINITY))).isFalse();
        assertThat(median().prune(with(MIN, done), candidate(0, 2.4))).isFalse();
        assertThat(median().prune(with(MIN, done), candidate(0, 2.6))).isTrue();
    }

    @Test
    void emptyHistoryAndFailedTrialsNeverPrune() {
        assertThat(median().prune(with(MIN, List.of()), candidate(0, 1e9))).isFalse();
        assertThat(median().prune(with(MIN, completeAt(0, 1, 2)), FrozenTrial.running(9))).isFalse();
        List<FrozenTrial> failed = List.of(at(0, TrialState.FAIL, 0, 0.0), at(1, TrialState.FAIL, 0, 0.0));
        assertThat(median().prune(with(MIN, failed), candidate(0, 1e9))).isFalse();
    }

    @Test
    void multiObjectiveStudiesAreRefused() {
        assertThatThrownBy(() -> median().prune(Histories.twoObjectives(), candidate(0, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MedianPruner")
                .hasMessageContaining("single-objective");
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThatThrownBy(() -> new PercentilePruner(100.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PercentilePruner(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MedianPruner(-1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MedianPruner(0, -1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MedianPruner(0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MedianPruner(0, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nopNeverPrunesEvenOnMultiObjectiveStudies() {
        assertThat(new NopPruner().prune(Histories.twoObjectives(), candidate(0, Double.NaN))).isFalse();
        assertThat(new NopPruner().prune(with(MIN, completeAt(0, 1, 2, 3)), candidate(0, 1e9))).isFalse();
    }
}
