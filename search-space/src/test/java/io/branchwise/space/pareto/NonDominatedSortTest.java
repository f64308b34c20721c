package io.branchwise.space.pareto;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class NonDominatedSortTest {

    @Test
    void ranksByHand() {
        double[][] points = {
                {1, 5},   // front 0
                {2, 2},   // front 0
                {5, 1},   // front 0
                {3, 3},   // dominated by (2,2) → front 1
                {6, 6},   // dominated by (3,3) → front 2
                {2, 6}};  // dominated by (1,5) → front 1
        assertThat(NonDominatedSort.ranks(points)).containsExactly(0, 0, 0, 1, 2, 1);
        assertThat(NonDominatedSort.fronts(points, null)).containsExactly(List.of(0, 1, 2), List.of(3, 5), List.of(4));
        assertThat(NonDominatedSort.paretoFront(points)).containsExactly(0, 1, 2);
    }

    @Test
    void duplicatesShareAFrontAndEmptyInputHasNone() {
        double[][] points = {{1, 1}, {1, 1}, {2, 2}};
        assertThat(NonDominatedSort.ranks(points)).containsExactly(0, 0, 1);
        assertThat(NonDominatedSort.ranks(new double[0][])).isEmpty();
        assertThat(NonDominatedSort.paretoFront(new double[0][])).isEmpty();
        assertThat(NonDominatedSort.fronts(new double[0][], null)).isEmpty();
    }

    @Test
    void frontsSatisfyTheDefinitionOnRandomPoints() {
        Random random = new Random(3);
        for (int dims = 2; dims <= 4; dims++) {
            double[][] points = new double[120][dims];
            for (double[] p : points) {
                for (int k = 0; k < dims; k++) {
                    p[k] = Math.floor(random.nextDouble() * 10); // coarse grid: ties and duplicates occur
                }
            }
            int[] rank = NonDominatedSort.ranks(points);
            for (int i = 0; i < points.length; i++) {
                assertThat(rank[i]).isGreaterThanOrEqualTo(0);
                boolean dominatedByPrevious = false;
                for (int j = 0; j < points.length; j++) {
                    if (Dominance.dominates(points[j], points[i])) {
                        // Whoever dominates i sits in an earlier front.
                        assertThat(rank[j]).isLessThan(rank[i]);
                        dominatedByPrevious |= rank[j] == rank[i] - 1;
                    }
                }
                // Rank k > 0 means some point of front k-1 dominates it.
                assertThat(dominatedByPrevious).isEqualTo(rank[i] > 0);
            }
        }
    }

    @Test
    void feasibleBeatsInfeasibleWhateverTheObjectives() {
        double[][] points = {{100, 100}, {0, 0}};
        double[] violations = {0.0, 0.5};
        assertThat(NonDominatedSort.ranks(points, violations)).containsExactly(0, 1);
    }

    @Test
    void infeasiblePointsRankBySmallerViolationAlone() {
        double[][] points = {{0, 0}, {9, 9}, {5, 5}, {1, 9}};
        double[] violations = {3.0, 1.0, 2.0, 1.0};
        // Violation 1.0 (indices 1 and 3) ties: neither dominates, objectives ignored → same front.
        assertThat(NonDominatedSort.ranks(points, violations)).containsExactly(2, 0, 1, 0);
    }

    @Test
    void feasiblePointsStillSortByDominance() {
        double[][] points = {{1, 1}, {2, 2}, {0, 3}, {0, 0}};
        double[] violations = {0, 0, 0, 0.1};
        assertThat(NonDominatedSort.ranks(points, violations)).containsExactly(0, 1, 0, 2);
        assertThat(NonDominatedSort.fronts(points, violations)).containsExactly(List.of(0, 2), List.of(1), List.of(3));
    }

    @Test
    void nanViolationIsInfeasibleAndWorstAmongInfeasible() {
        double[][] points = {{0, 0}, {1, 1}, {2, 2}};
        double[] violations = {Double.NaN, 5.0, 0.0};
        assertThat(NonDominatedSort.ranks(points, violations)).containsExactly(2, 1, 0);
    }

    @Test
    void withoutConstraintsTheViolationArrayMayBeAllZero() {
        double[][] points = {{1, 2}, {2, 1}, {3, 3}};
        assertThat(NonDominatedSort.ranks(points, new double[]{0, 0, 0})).containsExactly(NonDominatedSort.ranks(points));
    }
}
