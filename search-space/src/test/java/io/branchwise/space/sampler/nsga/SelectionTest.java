package io.branchwise.space.sampler.nsga;

import io.branchwise.space.pareto.NonDominatedSort;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class SelectionTest {
    private static final List<StudyDirection> MIN2 = List.of(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE);

    @Test
    void crowdingDistanceOnAHandCheckedFront() {
        // Widths are 10 in both objectives. (1,6): (4-0)/10 + (10-2)/10 = 1.2; (4,2): (10-1)/10 + (6-0)/10 = 1.5.
        double[][] front = {{4, 2}, {0, 10}, {10, 0}, {1, 6}};
        double[] d = CrowdingDistance.of(front, List.of(0, 1, 2, 3));
        assertThat(d[0]).isCloseTo(1.5, offset(1e-12));
        assertThat(d[3]).isCloseTo(1.2, offset(1e-12));
        assertThat(d[1]).isInfinite();
        assertThat(d[2]).isInfinite();
    }

    @Test
    void crowdingDistanceStaysFiniteInsideWithInfiniteValues() {
        double[][] front = {{0, Double.POSITIVE_INFINITY}, {1, 5}, {2, 3}, {3, 1}, {Double.NEGATIVE_INFINITY, 9}};
        double[] d = CrowdingDistance.of(front, List.of(0, 1, 2, 3, 4));
        assertThat(d).doesNotContain(Double.NaN);
        assertThat(d[2]).isFinite().isPositive();
        assertThat(d[3]).isInfinite();
    }

    @Test
    void crowdingSelectionKeepsTheEndsAndTheSparsePoints() {
        // Five points on a line; the middle three are bunched around (5,5) except one far from its neighbours.
        double[][] front = {{0, 10}, {4.9, 5.1}, {5, 5}, {5.1, 4.9}, {10, 0}};
        List<Integer> picked = new CrowdingDistance().pick(front, List.of(), List.of(0, 1, 2, 3, 4), 3, new Random(1));
        assertThat(picked).contains(0, 4).hasSize(3).doesNotContain(2);
    }

    @Test
    void eliteSelectionKeepsTheWholeParetoFrontWhenItFits() {
        Random random = new Random(8);
        List<FrozenTrial> candidates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double x = random.nextDouble();
            double spread = 1.0 + random.nextDouble();
            candidates.add(trial(i, x * spread, (1 - x) * spread));
        }
        for (LastFrontSelection rule : List.of(new CrowdingDistance(), niching(2, 4))) {
            Population elite = new EliteSelection(20, rule, true).select(candidates, MIN2, new Random(1));
            double[][] points = candidates.stream().map(t -> EliteSelection.objectives(t, MIN2)).toArray(double[][]::new);
            List<Integer> front = NonDominatedSort.paretoFront(points);
            assertThat(front.size()).isLessThanOrEqualTo(20);
            assertThat(elite.size()).isEqualTo(20);
            Set<Integer> kept = new HashSet<>();
            elite.members().forEach(t -> kept.add(t.number()));
            for (int i : front) {
                assertThat(kept).contains(candidates.get(i).number());
            }
            for (int m = 0; m < elite.size(); m++) {
                assertThat(elite.ranks()[m] == 0).isEqualTo(front.contains(elite.members().get(m).number()));
            }
            assertThat(elite.ranks()).isSorted();
        }
    }

    @Test
    void tournamentPrefersLowerRankThenLargerCrowding() {
        Population p = new Population(List.of(trial(0, 0, 0), trial(1, 0, 0), trial(2, 0, 0)),
                new int[]{0, 1, 0}, new double[]{1.0, 9.0, 2.0});
        assertThat(p.better(0, 1)).isEqualTo(0);
        assertThat(p.better(0, 2)).isEqualTo(2);
        assertThat(p.better(0, 0)).isEqualTo(-1);
    }

    @Test
    void feasibleTrialsSurviveBeforeBetterInfeasibleOnes() {
        List<FrozenTrial> candidates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // Infeasible trials sit on an excellent front; feasible ones are poor.
            candidates.add(FrozenTrial.builder(i).state(TrialState.COMPLETE).values(i, 5 - i)
                    .constraints(List.of(1.0 + i)).build());
            candidates.add(FrozenTrial.builder(6 + i).state(TrialState.COMPLETE).values(100 + i, 105 - i)
                    .constraints(List.of(-1.0)).build());
        }
        Population elite = new EliteSelection(8, new CrowdingDistance(), true).select(candidates, MIN2, new Random(2));
        List<Integer> numbers = elite.members().stream().map(FrozenTrial::number).toList();
        assertThat(numbers).contains(6, 7, 8, 9, 10, 11);
        // The two infeasible survivors are the least violating.
        assertThat(numbers).contains(0, 1);
        Population ignoring = new EliteSelection(8, new CrowdingDistance(), false).select(candidates, MIN2, new Random(2));
        assertThat(ignoring.members().stream().map(FrozenTrial::number).toList()).containsAll(List.of(0, 1, 2, 3, 4, 5));
    }

    @Test
    void dasDennisCountsAndSimplex() {
        double[][] points = ReferencePoints.dasDennis(3, 4);
        assertThat(points).hasNumberOfRows(15);
        assertThat(ReferencePoints.count(3, 4)).isEqualTo(15);
        assertThat(ReferencePoints.dasDennis(3, 12)).hasNumberOfRows(91);
        assertThat(ReferencePoints.dasDennis(5, 3)).hasNumberOfRows((int) ReferencePoints.count(5, 3)).hasNumberOfRows(35);
        assertThat(ReferencePoints.dasDennis(1, 7)).hasNumberOfRows(1);
        Set<String> distinct = new HashSet<>();
        for (double[] p : points) {
            assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, offset(1e-12));
            assertThat(Arrays.stream(p).min().orElseThrow()).isGreaterThanOrEqualTo(0.0);
            distinct.add(Arrays.toString(p));
        }
        assertThat(distinct).hasSize(15);
        assertThat(ReferencePoints.divisionsFor(3, 50)).isEqualTo(8);
        assertThat(ReferencePoints.divisionsFor(2, 50)).isEqualTo(49);
        assertThat(ReferencePoints.divisionsFor(1, 50)).isEqualTo(1);
        assertThat(ReferencePoints.divisionsFor(10, 5)).isEqualTo(1);
    }

    @Test
    void nichingPrefersTheUnderRepresentedReferencePoint() {
        // The corners and the edge midpoints are already represented; the centre direction is empty.
        double[][] points = {
                {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5},
                {0.52, 0.48, 0}, {0.48, 0, 0.52}, {0.34, 0.33, 0.33}, {0, 0.47, 0.53}};
        List<Integer> selected = List.of(0, 1, 2, 3, 4, 5);
        List<Integer> last = List.of(6, 7, 8, 9);
        double[][] references = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5},
                {1.0 / 3, 1.0 / 3, 1.0 / 3}};
        for (int seed = 0; seed < 20; seed++) {
            List<Integer> picked = new ReferencePointNiching(m -> references).pick(points, selected, last, 1, new Random(seed));
            assertThat(picked).containsExactly(8);
        }
    }

    @Test
    void nichingSpreadsSurvivorsOverTheFront() {
        // Eight points crowd one end of a 2-objective front and two sit elsewhere; four must survive.
        double[][] points = new double[10][];
        for (int i = 0; i < 8; i++) {
            points[i] = new double[]{0.01 * i, 1 - 0.01 * i};
        }
        points[8] = new double[]{0.5, 0.5};
        points[9] = new double[]{1.0, 0.0};
        List<Integer> last = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        List<Integer> picked = niching(2, 4).pick(points, List.of(), last, 4, new Random(3));
        assertThat(picked).contains(8, 9).hasSize(4);
    }

    private static ReferencePointNiching niching(int objectives, int divisions) {
        return new ReferencePointNiching(m -> ReferencePoints.dasDennis(m, divisions));
    }

    private static FrozenTrial trial(int number, double... values) {
        return FrozenTrial.builder(number).state(TrialState.COMPLETE).values(values).build();
    }
}
