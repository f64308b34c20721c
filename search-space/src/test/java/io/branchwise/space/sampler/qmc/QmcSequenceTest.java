package io.branchwise.space.sampler.qmc;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class QmcSequenceTest {

    /** Every one of the b^k cells [i/b^k, (i+1)/b^k) of coordinate j holds exactly one of the first b^k points. */
    private static void assertStratified(QmcSequence sequence, int dimension, int base, int k) {
        int n = (int) Math.round(Math.pow(base, k));
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            double x = sequence.coordinate(i, dimension);
            assertThat(x).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            // Points sit exactly on cell boundaries (i/b^k); the epsilon absorbs rounding of non-dyadic fractions.
            counts[(int) Math.floor(x * n + 1e-9)]++;
        }
        for (int c = 0; c < n; c++) {
            assertThat(counts[c]).as("dimension %d, %d points, cell %d", dimension, n, c).isEqualTo(1);
        }
    }

    @Test
    void sobolStratifiesEveryCoordinateOf40Dimensions() {
        for (QmcSequence sobol : new QmcSequence[] {new SobolSequence(false, 0), new SobolSequence(true, 42)}) {
            for (int j = 0; j < 40; j++) {
                for (int k = 1; k <= 10; k++) {
                    assertStratified(sobol, j, 2, k);
                }
            }
        }
        new SobolSequence(true, 1).coordinate(5, SobolSequence.MAX_DIMENSIONS - 1);
    }

    @Test
    void sobolFirstTwoDimensionsFormA0m2Net() {
        // The first 2^8 points put one point in every dyadic box of area 2^-8 (2^-a by 2^-(8-a)), scrambled or not.
        for (SobolSequence sobol : new SobolSequence[] {new SobolSequence(false, 0), new SobolSequence(true, 7)}) {
            for (int a = 0; a <= 8; a++) {
                int[][] counts = new int[1 << a][1 << (8 - a)];
                for (int i = 0; i < 256; i++) {
                    counts[(int) (sobol.coordinate(i, 0) * (1 << a))][(int) (sobol.coordinate(i, 1) * (1 << (8 - a)))]++;
                }
                for (int[] row : counts) {
                    assertThat(row).containsOnly(1);
                }
            }
        }
    }

    @Test
    void unscrambledSobolStartsAtTheOriginAndHalves() {
        SobolSequence sobol = new SobolSequence(false, 99);
        assertThat(sobol.point(0, 5)).containsOnly(0.0);
        assertThat(sobol.point(1, 5)).containsOnly(0.5);
        assertThat(new SobolSequence(false, 1).point(37, 12)).containsExactly(sobol.point(37, 12));
    }

    @Test
    void scramblingDependsOnTheSeed() {
        assertThat(new SobolSequence(true, 1).point(3, 4)).isNotEqualTo(new SobolSequence(true, 2).point(3, 4));
        assertThat(new SobolSequence(true, 1).point(3, 4)).containsExactly(new SobolSequence(true, 1).point(3, 4));
        assertThat(new HaltonSequence(true, 1).point(3, 4)).isNotEqualTo(new HaltonSequence(true, 2).point(3, 4));
    }

    @Test
    void haltonStratifiesInItsPrimeBases() {
        int[] bases = {2, 3, 5, 7, 11};
        for (QmcSequence halton : new QmcSequence[] {new HaltonSequence(false, 0), new HaltonSequence(true, 5)}) {
            for (int j = 0; j < bases.length; j++) {
                for (int k = 1; Math.pow(bases[j], k) <= 2000; k++) {
                    assertStratified(halton, j, bases[j], k);
                }
            }
        }
        assertThat(new HaltonSequence(false, 0).coordinate(5, 1)).isEqualTo(2.0 / 3 + 1.0 / 9);
    }

    @Test
    void lowerCentredDiscrepancyThanRandomPoints() {
        int n = 256;
        int d = 6;
        double random = 0.0;
        for (int rep = 0; rep < 10; rep++) {
            Random r = new Random(rep);
            double[][] pts = new double[n][d];
            for (double[] p : pts) {
                for (int j = 0; j < d; j++) {
                    p[j] = r.nextDouble();
                }
            }
            random += centredL2Discrepancy(pts) / 10;
        }
        for (QmcSequence sequence : new QmcSequence[] {new SobolSequence(true, 3), new SobolSequence(false, 0),
                new HaltonSequence(true, 3), new HaltonSequence(false, 0)}) {
            double[][] pts = new double[n][];
            for (int i = 0; i < n; i++) {
                pts[i] = sequence.point(i, d);
            }
            assertThat(centredL2Discrepancy(pts)).as(sequence.getClass().getSimpleName()).isLessThan(0.5 * random);
        }
    }

    /** Hickernell's centred L2 discrepancy (its square root). */
    private static double centredL2Discrepancy(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double single = 0.0;
        for (double[] p : x) {
            double prod = 1.0;
            for (int k = 0; k < d; k++) {
                double z = Math.abs(p[k] - 0.5);
                prod *= 1 + 0.5 * z - 0.5 * z * z;
            }
            single += prod;
        }
        double pair = 0.0;
        for (double[] p : x) {
            for (double[] q : x) {
                double prod = 1.0;
                for (int k = 0; k < d; k++) {
                    prod *= 1 + 0.5 * Math.abs(p[k] - 0.5) + 0.5 * Math.abs(q[k] - 0.5) - 0.5 * Math.abs(p[k] - q[k]);
                }
                pair += prod;
            }
        }
        return Math.sqrt(Math.pow(13.0 / 12.0, d) - 2.0 / n * single + pair / ((double) n * n));
    }
}
