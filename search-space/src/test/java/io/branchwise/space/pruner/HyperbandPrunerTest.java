package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.branchwise.space.pruner.Histories.at;
import static io.branchwise.space.pruner.Histories.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HyperbandPrunerTest {
    private static final List<StudyDirection> MIN = List.of(StudyDirection.MINIMIZE);
    private static final Histories.Study EMPTY = with(MIN, List.of());

    @Test
    void budgetsFollowHyperbandsTrialCounts() {
        // R/r = 27, eta 3: 4 brackets; s = 3..0 gives ceil(4 * 3^s / (s + 1)) = 27, 12, 6, 4
        HyperbandPruner hb = new HyperbandPruner(1, 27, 3, 0, "hb");
        assertThat(hb.bracketBudgets(EMPTY)).containsExactly(27L, 12L, 6L, 4L);
        // R/r = 8, eta 2: 4 brackets; 4*8/4, 4*4/3, 4*2/2, 4*1/1 rounded up
        assertThat(new HyperbandPruner(2, 16, 2, 0, "hb").bracketBudgets(EMPTY)).containsExactly(8L, 6L, 4L, 4L);
        // an exact power counts in full: 3^5 = 243 means 6 brackets
        assertThat(new HyperbandPruner(1, 243, 3, 0, "hb").bracketBudgets(EMPTY)).hasSize(6);
        assertThat(new HyperbandPruner(1, 242, 3, 0, "hb").bracketBudgets(EMPTY)).hasSize(5);
        assertThat(new HyperbandPruner(5, 5, 3, 0, "hb").bracketBudgets(EMPTY)).containsExactly(1L);
    }

    @Test
    void bracketsMatchOptunasCrc32Assignment() {
        // CRC32("hb_<n>") mod 49 walked through 27, 12, 6, 4, computed independently with Python's zlib
        HyperbandPruner hb = new HyperbandPruner(1, 27, 3, 0, "hb");
        List<Integer> brackets = IntStream.range(0, 12).map(n -> hb.bracketOf(EMPTY, n).orElseThrow()).boxed().toList();
        assertThat(brackets).containsExactly(0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 3, 0);
    }

    @Test
    void aTrialsBracketDependsOnlyOnItsNumber() {
        HyperbandPruner first = new HyperbandPruner(1, 27, 3, 0, "study");
        HyperbandPruner second = new HyperbandPruner(1, 27, 3, 0, "study");
        List<FrozenTrial> history = Histories.completeAt(3, 1, 2, 3, 4, 5);
        for (int n = 0; n < 200; n++) {
            assertThat(first.bracketOf(EMPTY, n)).isEqualTo(second.bracketOf(with(MIN, history), n));
        }
    }

    @Test
    void bracketSharesFollowTheBudgets() {
        HyperbandPruner hb = new HyperbandPruner(1, 27, 3, 0, "shares");
        int[] counts = new int[4];
        int n = 49_000;
        for (int number = 0; number < n; number++) {
            counts[hb.bracketOf(EMPTY, number).orElseThrow()]++;
        }
        double[] expected = {27 / 49.0, 12 / 49.0, 6 / 49.0, 4 / 49.0};
        for (int b = 0; b < 4; b++) {
            assertThat(counts[b] / (double) n).isCloseTo(expected[b], within(0.01));
        }
    }

    @Test
    void aBracketComparesOnlyTrialsOfTheSameBracket() {
        HyperbandPruner hb = new HyperbandPruner(1, 27, 3, 0, "hb");
        // from the CRC table: 0, 3, 5 are in bracket 0 (rungs at 1, 3, 9); 1, 2, 4 in bracket 1 (rungs at 3, 9)
        List<FrozenTrial> otherBracket = List.of(at(1, TrialState.COMPLETE, 1, 0.0),
                at(2, TrialState.COMPLETE, 1, 0.0), at(4, TrialState.COMPLETE, 1, 0.0));
        FrozenTrial sameBracketWorse = at(0, TrialState.COMPLETE, 1, 10.0);
        FrozenTrial candidate = at(5, TrialState.RUNNING, 1, 5.0);
        // competitors at rung 0 are {10, 5}: 5 is the best of its bracket and goes on
        assertThat(hb.prune(with(MIN, otherBracket, sameBracketWorse), candidate)).isFalse();
        FrozenTrial sameBracketBetter = at(3, TrialState.COMPLETE, 1, 1.0);
        assertThat(hb.prune(with(MIN, otherBracket, sameBracketWorse, sameBracketBetter), candidate)).isTrue();
    }

    @Test
    void higherBracketsStopLater() {
        HyperbandPruner hb = new HyperbandPruner(1, 27, 3, 0, "hb");
        List<FrozenTrial> bracket1 = List.of(at(1, TrialState.COMPLETE, 3, 0.0));
        // trial 2 is in bracket 1, whose first rung is at step 3
        assertThat(hb.prune(with(MIN, bracket1), Histories.running(2, 9, 9))).isFalse();
        assertThat(hb.prune(with(MIN, bracket1), Histories.running(2, 9, 9, 9, 9))).isTrue();
    }

    @Test
    void autoMaxResourceWaitsForACompleteTrial() {
        HyperbandPruner hb = new HyperbandPruner("auto");
        List<FrozenTrial> running = new ArrayList<>(List.of(at(0, TrialState.RUNNING, 30, 0.0)));
        assertThat(hb.bracketBudgets(with(MIN, running))).isEmpty();
        assertThat(hb.bracketOf(with(MIN, running), 0)).isEmpty();
        assertThat(hb.prune(with(MIN, running), Histories.running(1, 99, 99, 99, 99))).isFalse();
        // a complete trial ending at step 26: max resource 27, so the same brackets as above
        List<FrozenTrial> failed = List.of(at(0, TrialState.FAIL, 40, 0.0), at(1, TrialState.COMPLETE, 26, 0.0));
        assertThat(hb.bracketBudgets(with(MIN, failed))).containsExactly(27L, 12L, 6L, 4L);
    }

    @Test
    void invalidOptionsAndMultiObjectiveStudiesAreRejected() {
        assertThatThrownBy(() -> new HyperbandPruner(10, 5, 3, 0, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HyperbandPruner(0, 5, 3, 0, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HyperbandPruner(1, 5, 1, 0, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HyperbandPruner(1, 5, 3, -1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HyperbandPruner(1, 27, 3, 0, "x").prune(Histories.twoObjectives(), Histories.running(0, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HyperbandPruner");
    }
}
