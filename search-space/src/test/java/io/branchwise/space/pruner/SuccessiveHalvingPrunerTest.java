package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.branchwise.space.pruner.Histories.at;
import static io.branchwise.space.pruner.Histories.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuccessiveHalvingPrunerTest {
    private static final List<StudyDirection> MIN = List.of(StudyDirection.MINIMIZE);
    private static final List<StudyDirection> MAX = List.of(StudyDirection.MAXIMIZE);

    /** Trials reach rung 0 (step 1) one after another; returns the numbers of those promoted. */
    private static List<Integer> promotedInArrivalOrder(SuccessiveHalvingPruner pruner, List<StudyDirection> directions,
                                                        double... valuesAtRung) {
        List<FrozenTrial> history = new ArrayList<>();
        List<Integer> promoted = new ArrayList<>();
        for (int i = 0; i < valuesAtRung.length; i++) {
            FrozenTrial arriving = FrozenTrial.builder(i).intermediate(0, 100.0).intermediate(1, valuesAtRung[i]).build();
            boolean pruned = pruner.prune(with(directions, history), arriving);
            if (!pruned) {
                promoted.add(i);
            }
            history.add(arriving.toBuilder().state(pruned ? TrialState.PRUNED : TrialState.RUNNING).build());
        }
        return promoted;
    }

    @Test
    void promotesTheTopHalfOfEachArrivingCohort() {
        // eta 2: with n competitors the value must be <= the (n/2)-th smallest (the smallest while n < 2)
        //   5 alone -> in; 3 of {3,5} -> in; 8 of {3,5,8} -> out; 1 of 4 (2nd smallest 3) -> in; 9 -> out;
        //   2 of 6 (3rd smallest 3) -> in; 7 -> out; 4 of 8 (4th smallest 4) -> in
        SuccessiveHalvingPruner sha = new SuccessiveHalvingPruner(1, 2, 0, 0);
        assertThat(promotedInArrivalOrder(sha, MIN, 5, 3, 8, 1, 9, 2, 7, 4)).containsExactly(0, 1, 3, 5, 7);
    }

    @Test
    void maximisingPromotesTheLargestValues() {
        SuccessiveHalvingPruner sha = new SuccessiveHalvingPruner(1, 2, 0, 0);
        assertThat(promotedInArrivalOrder(sha, MAX, -5, -3, -8, -1, -9, -2, -7, -4)).containsExactly(0, 1, 3, 5, 7);
    }

    @Test
    void worseningArrivalsOnlyPromoteTheFirstAndImprovingOnesPromoteAll() {
        SuccessiveHalvingPruner sha = new SuccessiveHalvingPruner(1, 3, 0, 0);
        assertThat(promotedInArrivalOrder(sha, MIN, 1, 2, 3, 4, 5, 6)).containsExactly(0);
        assertThat(promotedInArrivalOrder(sha, MIN, 6, 5, 4, 3, 2, 1)).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aHigherRungOnlyComparesTrialsThatReachedIt() {
        // eta 2, min resource 1: rungs at steps 1, 2, 4. Trial 0 stopped at step 1 with a great value.
        SuccessiveHalvingPruner sha = new SuccessiveHalvingPruner(1, 2, 0, 0);
        FrozenTrial stoppedEarly = FrozenTrial.builder(0).state(TrialState.PRUNED).intermediate(1, 0.0).build();
        FrozenTrial reachedRung1 = FrozenTrial.builder(1).state(TrialState.COMPLETE).values(5.0)
                .intermediate(1, 5.0).intermediate(2, 5.0).build();
        FrozenTrial candidate = FrozenTrial.builder(2).intermediate(1, 4.0).intermediate(2, 4.5).build();
        // at rung 1 the competitors are {5, 4.5}: 4.5 is the best and goes on
        assertThat(sha.prune(with(MIN, List.of(stoppedEarly, reachedRung1)), candidate)).isFalse();
        FrozenTrial worse = FrozenTrial.builder(2).intermediate(1, 4.0).intermediate(2, 6.0).build();
        assertThat(sha.prune(with(MIN, List.of(stoppedEarly, reachedRung1)), worse)).isTrue();
    }

    @Test
    void aTrialIsJudgedOnlyOnTheReportThatCrossesARung() {
        // eta 4: rungs at 1, 4, 16; step 2 crosses nothing, however bad
        SuccessiveHalvingPruner sha = new SuccessiveHalvingPruner(1, 4, 0, 0);
        List<FrozenTrial> others = List.of(at(0, TrialState.COMPLETE, 1, 0.0), at(1, TrialState.COMPLETE, 2, 0.0));
        FrozenTrial passedRung0 = FrozenTrial.builder(5).intermediate(1, -1.0).intermediate(2, 99.0).build();
        assertThat(sha.prune(with(MIN, others), passedRung0)).isFalse();
        // one report jumping from step 0 to step 5 crosses rungs 0 and 1 and is judged at both
        List<FrozenTrial> rung1 = List.of(at(0, TrialState.COMPLETE, 1, 9.0), at(1, TrialState.COMPLETE, 4, 1.0));
        FrozenTrial jumper = FrozenTrial.builder(5).intermediate(0, 0.0).intermediate(5, 2.0).build();
        assertThat(sha.prune(with(MIN, rung1.subList(0, 1)), jumper)).isFalse();
        assertThat(sha.prune(with(MIN, rung1), jumper)).isTrue();
    }

    @Test
    void minEarlyStoppingRateShiftsTheFirstRung() {
        SuccessiveHalvingPruner late = new SuccessiveHalvingPruner(1, 3, 1, 0);
        List<FrozenTrial> others = List.of(at(0, TrialState.COMPLETE, 3, 0.0));
        assertThat(late.prune(with(MIN, others), Histories.running(5, 9, 9, 9))).isFalse();
        assertThat(late.prune(with(MIN, others), Histories.running(5, 9, 9, 9, 9))).isTrue();
        assertThat(late.rungs(with(MIN, others)).step(0)).isEqualTo(3);
    }

    @Test
    void nanIsPrunedAtARungAndNaNCompetitorsAreIgnored() {
        SuccessiveHalvingPruner sha = new SuccessiveHalvingPruner(2, 2, 0, 0);
        assertThat(sha.prune(with(MIN, List.of()), Histories.running(0, Double.NaN))).isFalse();
        assertThat(sha.prune(with(MIN, List.of()), Histories.running(0, 1.0, 1.0, Double.NaN))).isTrue();
        List<FrozenTrial> nanOthers = List.of(at(0, TrialState.PRUNED, 2, Double.NaN), at(1, TrialState.PRUNED, 2, Double.NaN));
        assertThat(sha.prune(with(MIN, nanOthers), Histories.running(5, 1e9, 1e9, 1e9))).isFalse();
        List<FrozenTrial> infOther = List.of(at(0, TrialState.PRUNED, 2, Double.NEGATIVE_INFINITY));
        assertThat(sha.prune(with(MIN, infOther), Histories.running(5, 0, 0, -1e300))).isTrue();
    }

    @Test
    void bootstrapPrunesUntilEnoughValuesAreRecorded() {
        SuccessiveHalvingPruner sha = new SuccessiveHalvingPruner(1, 2, 0, 2);
        assertThat(promotedInArrivalOrder(sha, MIN, 3, 2, 1, 5)).containsExactly(2);
    }

    @Test
    void autoMinResourceWaitsForACompleteTrialAndThenStaysFixed() {
        SuccessiveHalvingPruner auto = SuccessiveHalvingPruner.withAutoMinResource(2, 0);
        FrozenTrial bad = Histories.running(9, 0, 99, 99);
        assertThat(auto.prune(with(MIN, List.of(at(0, TrialState.RUNNING, 1, 0.0))), bad)).isFalse();
        assertThat(auto.rungs(with(MIN, List.of()))).isNull();

        // the longest complete trial ended at step 250: min resource 250 / 100 = 2
        FrozenTrial longRun = FrozenTrial.builder(0).state(TrialState.COMPLETE).values(0.0)
                .intermediate(2, 0.0).intermediate(250, 0.0).build();
        assertThat(auto.rungs(with(MIN, List.of(longRun)))).isEqualTo(new Rungs(2, 2, 0));
        assertThat(auto.prune(with(MIN, List.of(longRun)), Histories.running(9, 0, 99))).isFalse();
        assertThat(auto.prune(with(MIN, List.of(longRun)), bad)).isTrue();
        FrozenTrial longer = at(1, TrialState.COMPLETE, 5000, 0.0);
        assertThat(auto.rungs(with(MIN, List.of(longRun, longer)))).isEqualTo(new Rungs(2, 2, 0));

        assertThat(SuccessiveHalvingPruner.withAutoMinResource(2, 0).rungs(with(MIN, List.of(at(0, TrialState.COMPLETE, 40, 0.0)))))
                .isEqualTo(new Rungs(1, 2, 0));
    }

    @Test
    void emptyHistoryAndAllFailedTrialsPromoteTheFirstArrival() {
        SuccessiveHalvingPruner sha = new SuccessiveHalvingPruner(1, 2, 0, 0);
        assertThat(sha.prune(with(MIN, List.of()), Histories.running(0, 5, 5))).isFalse();
        assertThat(sha.prune(with(MIN, List.of()), FrozenTrial.running(0))).isFalse();
        List<FrozenTrial> failed = List.of(FrozenTrial.builder(0).state(TrialState.FAIL).build(),
                FrozenTrial.builder(1).state(TrialState.FAIL).build());
        assertThat(sha.prune(with(MIN, failed), Histories.running(2, 5, 5))).isFalse();
    }

    @Test
    void rungsAreAGeometricLadder() {
        Rungs rungs = new Rungs(2, 3, 1);
        assertThat(List.of(rungs.step(0), rungs.step(1), rungs.step(2))).containsExactly(6L, 18L, 54L);
        assertThat(rungs.crossed(-1, 20)).containsExactly(0, 1);
        assertThat(rungs.crossed(6, 20)).containsExactly(1);
        assertThat(rungs.crossed(18, 53)).isEmpty();
        assertThat(new Rungs(1, 2, 0).step(70)).isEqualTo(Long.MAX_VALUE);
        assertThat(new Rungs(1, 2, 0).crossed(-1, Long.MAX_VALUE)).hasSize(64);
    }

    @Test
    void invalidOptionsAndMultiObjectiveStudiesAreRejected() {
        assertThatThrownBy(() -> new SuccessiveHalvingPruner(0, 2, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SuccessiveHalvingPruner(1, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SuccessiveHalvingPruner(1, 2, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SuccessiveHalvingPruner(1, 2, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SuccessiveHalvingPruner.withAutoMinResource(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SuccessiveHalvingPruner().prune(Histories.twoObjectives(), Histories.running(0, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SuccessiveHalvingPruner");
    }
}
