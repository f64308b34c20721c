package io.branchwise.space.pareto;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HypervolumeTest {

    @Test
    void twoDimensionsByHand() {
        // Union of [1,4]×[3,4], [2,4]×[2,4], [3,4]×[1,4] = 3 + 2 + 1 staircase steps.
        assertThat(Hypervolume.of(new double[][]{{1, 3}, {2, 2}, {3, 1}}, new double[]{4, 4})).isCloseTo(6.0, within(1e-12));
        assertThat(Hypervolume.of(new double[][]{{0, 0}}, new double[]{2, 3})).isCloseTo(6.0, within(1e-12));
    }

    @Test
    void threeDimensionsByHand() {
        // Boxes 2·2·1 and 1·1·2 overlapping in [2,3]³: 4 + 2 − 1.
        assertThat(Hypervolume.of(new double[][]{{1, 1, 2}, {2, 2, 1}}, new double[]{3, 3, 3})).isCloseTo(5.0, within(1e-12));
    }

    @Test
    void fourDimensionsByHand() {
        assertThat(Hypervolume.of(new double[][]{{0, 0, 0, 0}}, new double[]{1, 2, 3, 4})).isCloseTo(24.0, within(1e-12));
        // Boxes 2·2·2·1 and 1·1·1·2 overlapping in [1,2]⁴: 8 + 2 − 1.
        assertThat(Hypervolume.of(new double[][]{{0, 0, 0, 1}, {1, 1, 1, 0}}, new double[]{2, 2, 2, 2})).isCloseTo(9.0, within(1e-12));
    }

    @Test
    void oneDimension() {
        assertThat(Hypervolume.of(new double[][]{{3}, {1}, {5}}, new double[]{4})).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void agreesWithInclusionExclusionOnRandomSets() {
        Random random = new Random(21);
        for (int dims = 2; dims <= 5; dims++) {
            for (int rep = 0; rep < 20; rep++) {
                int n = 1 + random.nextInt(8);
                double[][] points = new double[n][dims];
                for (double[] p : points) {
                    for (int k = 0; k < dims; k++) {
                        p[k] = random.nextInt(4) == 0 ? Math.floor(random.nextDouble() * 4) / 4 : random.nextDouble();
                    }
                }
                double[] reference = new double[dims];
                java.util.Arrays.fill(reference, 1.0);
                assertThat(Hypervolume.of(points, reference)).as("dims %d rep %d", dims, rep)
                        .isCloseTo(inclusionExclusion(points, reference), within(1e-9));
            }
        }
    }

    @Test
    void agreesWithAMonteCarloEstimateIn3dAnd4d() {
        Random random = new Random(8);
        for (int dims = 3; dims <= 4; dims++) {
            double[][] points = new double[25][dims];
            for (double[] p : points) {
                // Points near the simplex surface Σp = 1 so that many are mutually non-dominated.
                double sum = 0;
                for (int k = 0; k < dims; k++) {
                    p[k] = -Math.log(1 - random.nextDouble());
                    sum += p[k];
                }
                for (int k = 0; k < dims; k++) {
                    p[k] /= sum;
                }
            }
            double[] reference = new double[dims];
            java.util.Arrays.fill(reference, 1.1);
            int samples = 200_000;
            int hits = 0;
            for (int s = 0; s < samples; s++) {
                double[] x = new double[dims];
                for (int k = 0; k < dims; k++) {
                    x[k] = random.nextDouble() * reference[k];
                }
                for (double[] p : points) {
                    if (weaklyDominates(p, x)) {
                        hits++;
                        break;
                    }
                }
            }
            double box = Math.pow(1.1, dims);
            double fraction = hits / (double) samples;
            double estimate = fraction * box;
            double sigma = box * Math.sqrt(fraction * (1 - fraction) / samples);
            assertThat(Hypervolume.of(points, reference)).as("dims %d", dims).isCloseTo(estimate, within(4 * sigma));
        }
    }

    @Test
    void pointsOnOrBeyondTheReferenceAndNaNAddNothing() {
        double[] reference = {4, 4};
        double base = Hypervolume.of(new double[][]{{1, 2}}, reference);
        assertThat(Hypervolume.of(new double[][]{{1, 2}, {4, 0}, {0, 5}, {Double.NaN, 0}}, reference)).isEqualTo(base);
        assertThat(Hypervolume.of(new double[][]{{5, 5}}, reference)).isZero();
        assertThat(Hypervolume.of(new double[0][], reference)).isZero();
    }

    @Test
    void dominatedAndDuplicatePointsDoNotChangeTheVolume() {
        double[] reference = {3, 3, 3};
        double[][] front = {{1, 1, 2}, {2, 2, 1}, {0, 2, 2}};
        double base = Hypervolume.of(front, reference);
        double[][] more = {{1, 1, 2}, {2, 2, 1}, {0, 2, 2}, {1, 1, 2}, {2, 2, 2}, {2.5, 1, 2.5}};
        assertThat(Hypervolume.of(more, reference)).isCloseTo(base, within(1e-12));
    }

    @Test
    void dimensionMismatchIsRefused() {
        assertThatThrownBy(() -> Hypervolume.of(new double[][]{{1, 2, 3}}, new double[]{4, 4}))
                .hasMessageContaining("3 objectives, the reference 2");
    }

    @Test
    void contributionsAreTheExclusiveVolumes() {
        // (1,2) alone owns [1,3]×[2,4] = 4; (3,1) owns [3,4]×[1,2] = 1; the total is 7.
        double[] c = Hypervolume.contributions(new double[][]{{1, 2}, {3, 1}}, new double[]{4, 4});
        assertThat(c[0]).isCloseTo(4.0, within(1e-12));
        assertThat(c[1]).isCloseTo(1.0, within(1e-12));
        // A dominated point and each of two duplicates own nothing; the reference-beyond point too.
        double[] d = Hypervolume.contributions(new double[][]{{1, 1}, {1, 1}, {2, 2}, {0, 9}}, new double[]{3, 3});
        assertThat(d).containsExactly(new double[]{0, 0, 0, 0}, within(1e-12));
        // 3-D: exclusive parts of the two overlapping boxes 4 − 1 and 2 − 1.
        double[] e = Hypervolume.contributions(new double[][]{{1, 1, 2}, {2, 2, 1}}, new double[]{3, 3, 3});
        assertThat(e).containsExactly(new double[]{3, 1}, within(1e-12));
    }

    private static boolean weaklyDominates(double[] p, double[] x) {
        for (int k = 0; k < p.length; k++) {
            if (p[k] > x[k]) {
                return false;
            }
        }
        return true;
    }

    /** Volume of the union of boxes [p, r] by inclusion–exclusion over every subset: independent of the sweep. */
    private static double inclusionExclusion(double[][] points, double[] reference) {
        int n = points.length;
        double total = 0;
        for (int mask = 1; mask < (1 << n); mask++) {
            double volume = 1;
            for (int k = 0; k < reference.length; k++) {
                double low = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    if ((mask & (1 << i)) != 0) {
                        low = Math.max(low, points[i][k]);
                    }
                }
                volume *= Math.max(0, reference[k] - low);
            }
            total += Integer.bitCount(mask) % 2 == 1 ? volume : -volume;
        }
        return total;
    }
}
