package io.branchwise.space.pruner.vector;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.branchwise.space.pruner.vector.TaskHistories.at;
import static io.branchwise.space.pruner.vector.TaskHistories.running;
import static io.branchwise.space.pruner.vector.TaskHistories.study;
import static io.branchwise.space.pruner.vector.TaskHistories.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParetoAshaPrunerTest {
    private static final List<StudyDirection> MIN2 = List.of(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE);
    private static final List<StudyDirection> MAX2 = List.of(StudyDirection.MAXIMIZE, StudyDirection.MAXIMIZE);

    /** At step 1: front {A(1,4), B(2,2), C(4,1)}, then D(3,3) dominated by B. */
    private static List<FrozenTrial> competitors(double sign) {
        return List.of(at(0, TrialState.COMPLETE, 1, sign * 1, sign * 4), at(1, TrialState.COMPLETE, 1, sign * 2, sign * 2),
                at(2, TrialState.COMPLETE, 1, sign * 4, sign * 1), at(3, TrialState.PRUNED, 1, sign * 3, sign * 3));
    }

    private static FrozenTrial candidate(double... atRung) {
        return running(9, v(0, 0), atRung);
    }

    @Test
    void prunesADominatedVectorButNotANonDominatedOne() {
        // eta 2, 5 competitors: quota max(1, 5 / 2) = 2 places; three front-0 vectors fill it
        ParetoAshaPruner pruner = ParetoAshaPruner.builder(MIN2).reductionFactor(2).build();
        assertThat(pruner.prune(study(competitors(1)), candidate(5, 5))).isTrue();
        assertThat(pruner.prune(study(competitors(1)), candidate(2.5, 2.5))).isTrue();
        assertThat(pruner.prune(study(competitors(1)), candidate(0.5, 6))).isFalse();
        assertThat(pruner.prune(study(competitors(1)), candidate(1.5, 1.5))).isFalse();
    }

    @Test
    void aFrontCrossingTheQuotaIsAdmittedWhole() {
        // two competitors A(1,1) and B(5,5); eta 3, n = 3: quota 1. A non-dominated candidate sits in A's front.
        List<FrozenTrial> two = List.of(at(0, TrialState.COMPLETE, 1, 1, 1), at(1, TrialState.COMPLETE, 1, 5, 5));
        ParetoAshaPruner pruner = ParetoAshaPruner.builder(MIN2).build();
        assertThat(pruner.prune(study(two), candidate(0, 2))).isFalse();
        assertThat(pruner.prune(study(two), candidate(2, 2))).isTrue();
    }

    @Test
    void maximisedTasksAreFlipped() {
        ParetoAshaPruner pruner = ParetoAshaPruner.builder(MAX2).reductionFactor(2).build();
        assertThat(pruner.prune(study(competitors(-1)), candidate(-5, -5))).isTrue();
        assertThat(pruner.prune(study(competitors(-1)), candidate(-0.5, -6))).isFalse();
        // the same numbers read as minimised would be judged the other way round
        assertThat(ParetoAshaPruner.builder(MIN2).reductionFactor(2).build()
                .prune(study(competitors(-1)), candidate(-5, -5))).isFalse();
    }

    @Test
    void mixedDirections() {
        ParetoAshaPruner pruner = ParetoAshaPruner.builder(List.of(StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE))
                .prunedWhenDominatedBy(1).build();
        List<FrozenTrial> one = List.of(at(0, TrialState.COMPLETE, 1, 1.0, 0.9));
        assertThat(pruner.prune(study(one), candidate(2.0, 0.8))).isTrue();
        assertThat(pruner.prune(study(one), candidate(2.0, 0.95))).isFalse();
    }

    @Test
    void aConfiguredDominatorCountReplacesTheQuota() {
        // W(3, 3.5) is dominated by B(2,2) and D(3,3) only
        List<FrozenTrial> others = competitors(1);
        assertThat(ParetoAshaPruner.builder(MIN2).prunedWhenDominatedBy(3).build().prune(study(others), candidate(3, 3.5))).isFalse();
        assertThat(ParetoAshaPruner.builder(MIN2).prunedWhenDominatedBy(2).build().prune(study(others), candidate(3, 3.5))).isTrue();
        assertThat(ParetoAshaPruner.builder(MIN2).prunedWhenDominatedBy(3).build().prune(study(others), candidate(5, 5))).isTrue();
    }

    @Test
    void onlyReportsCrossingARungAreJudged() {
        // eta 3, min resource 1: rungs at 1, 3, 9; step 2 crosses nothing
        ParetoAshaPruner pruner = ParetoAshaPruner.builder(MIN2).build();
        FrozenTrial passedThenBad = running(9, v(0, 0), v(0.5, 0.5), v(99, 99));
        List<FrozenTrial> others = List.of(at(0, TrialState.COMPLETE, 2, 0, 0), at(1, TrialState.COMPLETE, 2, 0.1, 0.1));
        assertThat(pruner.prune(study(others), passedThenBad)).isFalse();
        // at rung 1 (step 3) only trials that reached step 3 compete
        ParetoAshaPruner strict = ParetoAshaPruner.builder(MIN2).prunedWhenDominatedBy(1).build();
        FrozenTrial atStep3 = running(9, v(0, 0), v(0, 0), v(0, 0), v(5, 5));
        assertThat(strict.prune(study(at(0, TrialState.PRUNED, 1, 0, 0)), atStep3)).isFalse();
        assertThat(strict.prune(study(at(0, TrialState.COMPLETE, 4, 0, 0)), atStep3)).isTrue();
    }

    @Test
    void nanVectorsArePrunedAndNaNCompetitorsIgnored() {
        ParetoAshaPruner pruner = ParetoAshaPruner.builder(MIN2).prunedWhenDominatedBy(1).build();
        assertThat(pruner.prune(study(), candidate(Double.NaN, 0))).isTrue();
        assertThat(pruner.prune(study(at(0, TrialState.COMPLETE, 1, Double.NaN, 0)), candidate(5, 5))).isFalse();
        assertThat(pruner.prune(study(at(0, TrialState.COMPLETE, 1, Double.NEGATIVE_INFINITY, 0)), candidate(5, 5))).isTrue();
        assertThat(pruner.prune(study(at(0, TrialState.COMPLETE, 1, 1, 1)), candidate(Double.NEGATIVE_INFINITY, 5))).isFalse();
    }

    @Test
    void emptyHistoryAndFailedTrialsNeverPrune() {
        ParetoAshaPruner pruner = ParetoAshaPruner.builder(MIN2).prunedWhenDominatedBy(1).build();
        assertThat(pruner.prune(study(), candidate(9, 9))).isFalse();
        assertThat(pruner.prune(study(), FrozenTrial.running(0))).isFalse();
        FrozenTrial failedEmpty = FrozenTrial.builder(0).state(TrialState.FAIL).build();
        assertThat(pruner.prune(study(failedEmpty, failedEmpty.toBuilder().build()), candidate(9, 9))).isFalse();
    }

    @Test
    void mismatchedVectorLengthsFailClearly() {
        ParetoAshaPruner pruner = ParetoAshaPruner.builder(MIN2).build();
        assertThatThrownBy(() -> pruner.prune(study(), candidate(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trial 9 reported 3 task values at step 1")
                .hasMessageContaining("2 tasks");
        assertThatThrownBy(() -> pruner.prune(study(at(4, TrialState.COMPLETE, 1, 1.0)), candidate(1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trial 4 reported 1 task values");
        assertThatThrownBy(() -> ParetoAshaPruner.builder(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParetoAshaPruner.builder(MIN2).prunedWhenDominatedBy(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParetoAshaPruner.builder(MIN2).reductionFactor(1).build()).isInstanceOf(IllegalArgumentException.class);
    }
}
