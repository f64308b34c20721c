package io.branchwise.space.grouping;

import io.branchwise.space.layout.TaskPartitions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TaskGroupingTest {

    private static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(String.format("t%02d", i));
        }
        return names;
    }

    /** +0.3 inside planted groups, −0.1 across, Gaussian noise of sd 0.05. */
    private static AffinityMatrix planted(int[] truth, long seed) {
        Random random = new Random(seed);
        int n = truth.length;
        double[][] z = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                z[i][j] = (truth[i] == truth[j] ? 0.3 : -0.1) + 0.05 * random.nextGaussian();
            }
        }
        return new AffinityMatrix(names(n), z);
    }

    private static AffinityMatrix randomMatrix(int n, long seed) {
        Random random = new Random(seed);
        double[][] z = new double[n][n];
        for (double[] row : z) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextGaussian() * 0.2;
            }
        }
        return new AffinityMatrix(names(n), z);
    }

    @Test
    void scoreMatchesTagsObjectiveByHand() {
        double[][] z = {
                {0, 0.2, -0.4},
                {0.6, 0, 0.1},
                {0.3, 0.5, 0}};
        AffinityMatrix m = new AffinityMatrix(List.of("a", "b", "c"), z);
        TaskGrouping grouping = TaskGrouping.builder().build();
        // {a,b}{c}: a receives Z(b→a)=0.6, b receives Z(a→b)=0.2, c alone 0.
        assertThat(grouping.score(m, new int[]{0, 0, 1})).isCloseTo(0.8, within(1e-12));
        // {a,b,c}: a gets (0.6+0.3)/2, b (0.2+0.5)/2, c (−0.4+0.1)/2
        assertThat(grouping.score(m, new int[]{0, 0, 0})).isCloseTo(0.45 + 0.35 - 0.15, within(1e-12));
        assertThat(TaskGrouping.builder().singletonScore(0.25).build().score(m, new int[]{0, 1, 2})).isCloseTo(0.75, within(1e-12));
        // {b,c}{a}: b gets 0.5, c gets 0.1 → 0.6; best is {a,b}{c}
        Grouping best = grouping.search(m);
        assertThat(best.groups()).containsExactly(List.of("a", "b"), List.of("c"));
        assertThat(best.partition()).isEqualTo("{a,b}|{c}");
        assertThat(best.score()).isCloseTo(0.8, within(1e-12));
        assertThat(best.exact()).isTrue();
    }

    @Test
    void exactSearchEqualsBruteForceOverEveryPartition() {
        for (long seed = 1; seed <= 5; seed++) {
            AffinityMatrix m = randomMatrix(7, seed);
            for (int budget : new int[]{1, 2, 3, 7}) {
                TaskGrouping grouping = TaskGrouping.builder().maxGroups(budget).build();
                double[] best = {Double.NEGATIVE_INFINITY};
                new TaskPartitions(7, budget).forEach(labels -> best[0] = Math.max(best[0], grouping.score(m, labels)));
                Grouping found = grouping.search(m);
                assertThat(found.score()).isCloseTo(best[0], within(1e-9));
                assertThat(grouping.score(m, found.labelArray())).isCloseTo(found.score(), within(1e-9));
                assertThat(found.groups().size()).isLessThanOrEqualTo(budget);
            }
        }
    }

    @Test
    void recoversPlantedGroupsFromNoisyAffinity() {
        int[] truth = {0, 1, 2, 0, 1, 2, 0, 1, 2, 3, 3};
        for (long seed = 1; seed <= 4; seed++) {
            AffinityMatrix m = planted(truth, seed);
            Grouping found = TaskGrouping.builder().maxGroups(4).build().search(m);
            assertThat(AdjustedRandIndex.of(truth, found.labelArray())).as("seed %d", seed).isEqualTo(1.0);
            Grouping unbounded = TaskGrouping.builder().build().search(m);
            assertThat(AdjustedRandIndex.of(truth, unbounded.labelArray())).as("seed %d", seed).isEqualTo(1.0);
        }
    }

    @Test
    void beamSearchRecoversPlantedGroupsBeyondTheExactLimit() {
        int[] truth = new int[20];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = (i * 7) % 5;
        }
        // Budget = planted count: with groups of four, splitting one into two pairs scores the same in expectation
        // (every member still averages 0.3), so only the budget pins the granularity.
        for (long seed = 1; seed <= 3; seed++) {
            Grouping found = TaskGrouping.builder().maxGroups(5).build().search(planted(truth, seed));
            assertThat(found.exact()).isFalse();
            assertThat(AdjustedRandIndex.of(truth, found.labelArray())).as("seed %d", seed).isEqualTo(1.0);
            assertThat(found.groups()).hasSize(5);
        }
    }

    @Test
    void wideBeamIsExhaustiveSoItMatchesTheExactSearch() {
        for (long seed = 1; seed <= 3; seed++) {
            AffinityMatrix m = randomMatrix(6, seed);
            Grouping exact = TaskGrouping.builder().maxGroups(3).build().search(m);
            Grouping beam = TaskGrouping.builder().maxGroups(3).exactUpTo(0).beamWidth(1000).build().search(m);
            assertThat(beam.exact()).isFalse();
            assertThat(beam.score()).isCloseTo(exact.score(), within(1e-9));
        }
    }

    @Test
    void budgetIsRespected() {
        // Affinity all negative: everything apart is best, so the budget is what forces groups together.
        int n = 6;
        double[][] z = new double[n][n];
        for (double[] row : z) {
            Arrays.fill(row, -0.2);
        }
        AffinityMatrix m = new AffinityMatrix(names(n), z);
        assertThat(TaskGrouping.builder().build().search(m).groups()).hasSize(n);
        for (int budget = 1; budget <= n; budget++) {
            assertThat(TaskGrouping.builder().maxGroups(budget).build().search(m).groups()).hasSize(budget);
            assertThat(TaskGrouping.builder().maxGroups(budget).exactUpTo(0).build().search(m).groups()).hasSize(budget);
        }
        assertThat(TaskGrouping.builder().maxGroups(1).build().search(m).labels()).containsOnly(0);
    }

    @Test
    void oneTaskIsItsOwnGroup() {
        Grouping g = TaskGrouping.builder().singletonScore(0.5).build().search(new AffinityMatrix(List.of("x"), new double[][]{{9}}));
        assertThat(g.groups()).containsExactly(List.of("x"));
        assertThat(g.score()).isEqualTo(0.5);
        assertThat(TaskGrouping.builder().exactUpTo(0).build().search(new AffinityMatrix(List.of("x"), new double[][]{{0}})).groups())
                .containsExactly(List.of("x"));
    }

    @Test
    void affinityMatrixValidation() {
        assertThatThrownBy(() -> new AffinityMatrix(List.of(), new double[0][])).hasMessageContaining("at least one task");
        assertThatThrownBy(() -> new AffinityMatrix(List.of("a", "b"), new double[][]{{0, 1}, {0}})).hasMessageContaining("square");
        assertThatThrownBy(() -> new AffinityMatrix(List.of("a", "b"), new double[][]{{0, 1}})).hasMessageContaining("1 rows for 2 tasks");
        assertThatThrownBy(() -> new AffinityMatrix(List.of("a", "b"), new double[][]{{0, Double.NaN}, {0, 0}}))
                .hasMessageContaining("Z(a→b) is NaN");
        assertThatThrownBy(() -> new AffinityMatrix(List.of("a", "b"), new double[][]{{0, 0}, {Double.NEGATIVE_INFINITY, 0}}))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new AffinityMatrix(List.of("a", "a"), new double[2][2])).hasMessageContaining("distinct");
        double[][] source = {{0, 1}, {2, 0}};
        AffinityMatrix m = new AffinityMatrix(List.of("a", "b"), source);
        source[0][1] = 99;
        assertThat(m.get(0, 1)).isEqualTo(1.0);
        assertThatThrownBy(() -> TaskGrouping.builder().build().score(m, new int[]{0})).hasMessageContaining("1 labels for 2 tasks");
    }

    @Test
    void aPartitionCanBeShownInTheSpecsTaskOrder() {
        Grouping g = new Grouping(java.util.List.of(0, 1, 0, 1), java.util.List.of(
                java.util.List.of("label1", "label10"), java.util.List.of("label11", "label2")), 1.0, true);
        assertThat(g.partition()).isEqualTo("{label1,label10}|{label11,label2}");
        assertThat(g.partition(java.util.List.of("label1", "label2", "label10", "label11")))
                .isEqualTo("{label1,label10}|{label2,label11}");
        assertThat(g.partition(java.util.List.of("label2", "label11", "label1", "label10")))
                .isEqualTo("{label2,label11}|{label1,label10}");
    }
}
