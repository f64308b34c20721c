package io.branchwise.space.pruner.vector;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.branchwise.space.pruner.vector.TaskHistories.running;
import static io.branchwise.space.pruner.vector.TaskHistories.study;
import static io.branchwise.space.pruner.vector.TaskHistories.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NegativeTransferPrunerTest {
    private static final List<StudyDirection> MIN2 = List.of(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE);

    /** Task 0 has an STL loss curve with references at steps 0 and 2; task 1 has none. */
    private static NegativeTransferPruner.Builder task0Referenced() {
        return NegativeTransferPruner.builder(MIN2).reference(0, Map.of(0L, 1.0, 2L, 0.5)).epsilon(0.1).patience(3);
    }

    @Test
    void prunesOnlyAfterPatienceConsecutiveBadChecksAndNamesTheTask() {
        NegativeTransferPruner pruner = task0Referenced().build();
        // step 0: 1.05 within 10% of 1.0; step 1: 1.2 vs the earlier reference 1.0; steps 2, 3: 0.6 vs 0.5
        FrozenTrial twoBad = running(0, v(1.05, 0), v(1.2, 0), v(0.6, 0));
        FrozenTrial threeBad = running(0, v(1.05, 0), v(1.2, 0), v(0.6, 0), v(0.6, 0));
        assertThat(pruner.prune(study(), twoBad)).isFalse();
        assertThat(pruner.prune(study(), threeBad)).isTrue();

        NegativeTransfer why = pruner.diagnose(study(), threeBad).orElseThrow();
        assertThat(why.task()).isEqualTo(0);
        assertThat(why.step()).isEqualTo(3);
        assertThat(why.value()).isEqualTo(0.6);
        assertThat(why.reference()).isEqualTo(0.5);
        assertThat(why.relativeShortfall()).isCloseTo(0.2, within(1e-12));
        assertThat(why.consecutiveChecks()).isEqualTo(3);
        assertThat(why.describe()).contains("task 0").contains("20.0%").contains("step 3");
    }

    @Test
    void aRecoveryResetsTheStreak() {
        NegativeTransferPruner pruner = task0Referenced().build();
        FrozenTrial recovered = running(0, v(1.2, 0), v(1.2, 0), v(0.5, 0), v(0.6, 0), v(0.6, 0));
        assertThat(pruner.prune(study(), recovered)).isFalse();
        FrozenTrial relapsed = running(0, v(1.2, 0), v(1.2, 0), v(0.5, 0), v(0.6, 0), v(0.6, 0), v(0.6, 0));
        assertThat(pruner.diagnose(study(), relapsed)).map(NegativeTransfer::consecutiveChecks).contains(3);
    }

    @Test
    void withinToleranceIsNotBehind() {
        // exactly representable: 25% of 1.0 is the tolerance itself
        NegativeTransferPruner pruner = task0Referenced().patience(1).epsilon(0.25).build();
        assertThat(pruner.prune(study(), running(0, v(1.25, 0)))).isFalse();
        assertThat(pruner.prune(study(), running(0, v(1.2500001, 0)))).isTrue();
        assertThat(task0Referenced().patience(1).epsilon(0.0).build().prune(study(), running(0, v(1.0000001, 0)))).isTrue();
    }

    @Test
    void aTaskOwnToleranceReplacesEpsilon() {
        // 1.2 against 1.0 is 20% behind: beyond epsilon 10%, within a noise floor of 25%.
        NegativeTransferPruner.Builder b = task0Referenced().patience(1);
        assertThat(b.build().prune(study(), running(0, v(1.2, 0)))).isTrue();
        assertThat(b.tolerance(0, 0.25).build().prune(study(), running(0, v(1.2, 0)))).isFalse();
        assertThat(b.tolerance(0, 0.25).build().prune(study(), running(0, v(1.3, 0)))).isTrue();
        assertThatThrownBy(() -> task0Referenced().tolerance(2, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> task0Referenced().tolerance(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tasksWithoutAReferenceAreIgnored() {
        NegativeTransferPruner pruner = task0Referenced().patience(1).build();
        assertThat(pruner.prune(study(), running(0, v(0.1, 1e9), v(0.1, Double.NaN)))).isFalse();
    }

    @Test
    void aSlowStarterStillClosingTheGapByTheFinalStepIsSpared() {
        // The single-task model reaches 0.5 by step 2. The joint model is behind at steps 3-5.
        NegativeTransferPruner.Builder b = task0Referenced().patience(3);
        // Falling 0.1 per step from 0.9 at step 3: the line reaches 0.5 at step 7, within a final step of 10.
        FrozenTrial closing = running(0, v(1.5, 0), v(1.3, 0), v(1.1, 0), v(0.9, 0), v(0.8, 0), v(0.7, 0));
        assertThat(b.build().prune(study(), closing)).as("no projection: behind three times").isTrue();
        assertThat(b.finalStep(10).build().prune(study(), closing)).as("on course to catch up").isFalse();
        assertThat(b.finalStep(6).build().prune(study(), closing))
                .as("0.7 − 0.1 = 0.6 at step 6: still more than 10% behind 0.5").isTrue();
        // Flat at 0.7: no trend to carry it to 0.5, whatever the remaining steps.
        FrozenTrial stuck = running(0, v(1.5, 0), v(1.3, 0), v(1.1, 0), v(0.7, 0), v(0.7, 0), v(0.7, 0));
        assertThat(b.finalStep(100).build().prune(study(), stuck)).isTrue();
        // A NaN in the streak never projects.
        FrozenTrial diverged = running(0, v(1.5, 0), v(1.3, 0), v(1.1, 0), v(0.9, 0), v(0.8, 0), v(Double.NaN, 0));
        assertThat(b.finalStep(100).build().prune(study(), diverged)).isTrue();
        assertThatThrownBy(() -> task0Referenced().finalStep(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(b.finalStep(5).build().prune(study(), stuck)).as("the final step: nothing left to save").isFalse();
    }

    @Test
    void aGapBehindASingleTaskCurveStillFallingFastIsARaceNotJudged() {
        // Alone, task 0 falls by 20-33% a step until step 3, then by 4% and 2%: it levels off at step 4.
        NegativeTransferPruner.Builder b = NegativeTransferPruner.builder(MIN2)
                .reference(0, Map.of(0L, 1.0, 1L, 0.8, 2L, 0.6, 3L, 0.5, 4L, 0.48, 5L, 0.47)).epsilon(0.1).patience(2);
        FrozenTrial early = running(0, v(2.0, 0), v(2.0, 0), v(2.0, 0), v(2.0, 0));
        assertThat(b.build().prune(study(), early)).as("every check judged: behind at steps 2 and 3").isTrue();
        assertThat(b.settleWindow(1).build().prune(study(), early)).as("steps 2 and 3 are a race").isFalse();
        FrozenTrial late = running(0, v(2.0, 0), v(2.0, 0), v(2.0, 0), v(2.0, 0), v(2.0, 0), v(2.0, 0));
        assertThat(b.settleWindow(1).build().prune(study(), late)).as("behind at steps 4 and 5, after it levelled off")
                .isTrue();
        // Over two steps the reference still gains 25% at step 4 (0.6 → 0.48): only step 5 is judged, one short.
        assertThat(b.settleWindow(2).build().prune(study(), late)).isFalse();
        // A wide tolerance makes every step of the reference level.
        assertThat(b.settleWindow(1).tolerance(0, 0.4).build().prune(study(), running(0, v(2.0, 0), v(2.0, 0))))
                .isFalse(); // no window before step 0: too early to judge
        assertThat(b.settleWindow(1).tolerance(0, 0.4).build().prune(study(), running(0, v(2.0, 0), v(2.0, 0),
                v(2.0, 0)))).as("judged at steps 1 and 2").isTrue();
        assertThatThrownBy(() -> task0Referenced().settleWindow(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMaximisedReferenceStillRisingFastIsARaceToo() {
        // Alone, accuracy rises 0.5 → 0.7 → 0.8 (a race), then 0.81 (1%: levelled off at a 5% tolerance).
        NegativeTransferPruner pruner = NegativeTransferPruner.builder(List.of(StudyDirection.MAXIMIZE))
                .reference(0, Map.of(0L, 0.5, 1L, 0.7, 2L, 0.8, 3L, 0.81)).epsilon(0.05).patience(1).settleWindow(1)
                .build();
        assertThat(pruner.prune(study(), running(0, v(0.6), v(0.6), v(0.6)))).as("steps 1 and 2 are a race").isFalse();
        assertThat(pruner.prune(study(), running(0, v(0.6), v(0.6), v(0.6), v(0.6)))).as("behind at step 3").isTrue();
    }

    @Test
    void reportsTheTaskThatIsBehindNotAnother() {
        NegativeTransferPruner pruner = NegativeTransferPruner.builder(MIN2)
                .reference(0, Map.of(0L, 1.0)).reference(1, Map.of(0L, 1.0)).epsilon(0.1).patience(2).build();
        FrozenTrial task1Behind = running(0, v(1.0, 1.5), v(0.9, 1.3));
        assertThat(pruner.diagnose(study(), task1Behind)).map(NegativeTransfer::task).contains(1);
        // both behind: the one further behind at the latest check is named
        FrozenTrial both = running(0, v(1.5, 1.5), v(1.4, 1.3));
        assertThat(pruner.diagnose(study(), both)).map(NegativeTransfer::task).contains(0);
        FrozenTrial bothOtherWay = running(0, v(1.5, 1.5), v(1.3, 1.4));
        assertThat(pruner.diagnose(study(), bothOtherWay)).map(NegativeTransfer::task).contains(1);
    }

    @Test
    void maximisedTasksAreBehindWhenLower() {
        NegativeTransferPruner pruner = NegativeTransferPruner.builder(List.of(StudyDirection.MAXIMIZE))
                .reference(0, Map.of(0L, 0.8)).epsilon(0.05).patience(2).build();
        assertThat(pruner.prune(study(), running(0, v(0.70), v(0.75)))).isTrue();
        assertThat(pruner.prune(study(), running(0, v(0.70), v(0.77)))).isFalse();
        assertThat(pruner.prune(study(), running(0, v(0.95), v(0.99)))).isFalse();
        assertThat(pruner.diagnose(study(), running(0, v(0.70), v(0.72))).orElseThrow().relativeShortfall())
                .isCloseTo(0.1, within(1e-12));
    }

    @Test
    void warmUpStepsAreNotChecks() {
        NegativeTransferPruner pruner = task0Referenced().patience(2).warmupSteps(2).build();
        assertThat(pruner.prune(study(), running(0, v(9, 0), v(9, 0), v(9, 0)))).isFalse();
        assertThat(pruner.prune(study(), running(0, v(9, 0), v(9, 0), v(9, 0), v(9, 0)))).isTrue();
    }

    @Test
    void checksBeforeTheFirstReferenceStepAreNotJudged() {
        NegativeTransferPruner pruner = NegativeTransferPruner.builder(List.of(StudyDirection.MINIMIZE))
                .reference(0, Map.of(2L, 1.0)).patience(2).build();
        assertThat(pruner.prune(study(), running(0, v(9), v(9)))).isFalse();
        assertThat(pruner.prune(study(), running(0, v(9), v(9), v(9)))).isFalse();
        assertThat(pruner.prune(study(), running(0, v(9), v(9), v(9), v(9)))).isTrue();
    }

    @Test
    void nanAndInfinityCountAsBehind() {
        NegativeTransferPruner pruner = task0Referenced().patience(2).build();
        Optional<NegativeTransfer> diverged = pruner.diagnose(study(), running(0, v(Double.POSITIVE_INFINITY, 0), v(Double.NaN, 0)));
        assertThat(diverged).isPresent();
        assertThat(diverged.get().relativeShortfall()).isNaN();
        assertThat(pruner.prune(study(), running(0, v(Double.NEGATIVE_INFINITY, 0), v(Double.NEGATIVE_INFINITY, 0)))).isFalse();
    }

    @Test
    void aZeroReferenceMakesAnyRegressionInfinitelyWorse() {
        NegativeTransferPruner pruner = NegativeTransferPruner.builder(List.of(StudyDirection.MINIMIZE))
                .reference(0, Map.of(0L, 0.0)).patience(1).build();
        assertThat(pruner.prune(study(), running(0, v(0.0)))).isFalse();
        assertThat(pruner.diagnose(study(), running(0, v(0.01))).orElseThrow().relativeShortfall()).isInfinite();
    }

    @Test
    void emptyTrialsAndOtherTrialsDoNotMatter() {
        NegativeTransferPruner pruner = task0Referenced().patience(1).build();
        assertThat(pruner.prune(study(), FrozenTrial.running(0))).isFalse();
        FrozenTrial failedNeighbour = TaskHistories.at(0, io.branchwise.space.study.TrialState.FAIL, 0, 99, 99);
        assertThat(pruner.prune(study(failedNeighbour), running(1, v(1.0, 0)))).isFalse();
        assertThat(pruner.prune(study(failedNeighbour), running(1, v(2.0, 0)))).isTrue();
    }

    @Test
    void invalidConfigurationAndMismatchedVectorsFailClearly() {
        NegativeTransferPruner pruner = task0Referenced().build();
        assertThatThrownBy(() -> pruner.prune(study(), running(7, v(1.0, 0), v(1.0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trial 7 reported 1 task values at step 1")
                .hasMessageContaining("2 tasks");
        assertThatThrownBy(() -> NegativeTransferPruner.builder(MIN2).reference(2, Map.of(0L, 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task 2");
        assertThatThrownBy(() -> NegativeTransferPruner.builder(MIN2).reference(0, Map.of(0L, Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NegativeTransferPruner.builder(MIN2).epsilon(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NegativeTransferPruner.builder(MIN2).patience(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NegativeTransferPruner.builder(MIN2).warmupSteps(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NegativeTransferPruner.builder(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
