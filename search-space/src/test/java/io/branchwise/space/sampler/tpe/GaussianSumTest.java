package io.branchwise.space.sampler.tpe;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class GaussianSumTest {
    private static final double CUT = 9.0;

    /** The definition: every kernel within CUT of its σ, one exp each. */
    private static double direct(double[] mu, double[] sigma, double[] c, double x) {
        double total = 0;
        for (int k = 0; k < mu.length; k++) {
            double z = (x - mu[k]) / sigma[k];
            if (z * z <= CUT * CUT) {
                total += c[k] * Math.exp(-0.5 * z * z);
            }
        }
        return total;
    }

    /**
     * A late-study shape: most kernels crowd one spot with the same clipped σ (so they are summed by series), a
     * few stragglers have their own σ (summed directly). Everywhere, including far out where only tails reach, the
     * sum must agree with the definition to rounding.
     */
    @Test
    void seriesBoxesAgreeWithTheDirectSum() {
        Random random = new Random(3);
        int n = 600;
        double[] mu = new double[n];
        double[] sigma = new double[n];
        double[] c = new double[n];
        for (int k = 0; k < n; k++) {
            boolean crowd = k % 10 != 0;
            mu[k] = crowd ? 1.5 + 0.3 * random.nextGaussian() : -5 + 10 * random.nextDouble();
            c[k] = 0.1 + random.nextDouble();
        }
        Arrays.sort(mu);
        for (int k = 0; k < n; k++) {
            boolean crowd = Math.abs(mu[k] - 1.5) < 1.0 && k % 7 != 0;
            sigma[k] = crowd ? 0.1 : 0.05 + random.nextDouble();
        }
        GaussianSum sum = new GaussianSum(mu, sigma, c, n, CUT);
        for (int i = 0; i <= 400; i++) {
            double x = -6 + 12.0 * i / 400;
            double expected = direct(mu, sigma, c, x);
            assertThat(Math.abs(sum.at(x) - expected)).as("x = %s", x).isLessThanOrEqualTo(1e-12 * expected + 1e-300);
        }
    }

    @Test
    void identicalKernelsAndASingleKernel() {
        double[] mu = {2, 2, 2, 2, 2, 2};
        double[] sigma = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        double[] c = {1, 1, 1, 1, 1, 1};
        GaussianSum six = new GaussianSum(mu, sigma, c, 6, CUT);
        GaussianSum one = new GaussianSum(new double[] {2}, new double[] {0.5}, new double[] {6}, 1, CUT);
        for (double x : new double[] {2.0, 2.3, 0.0, 5.5, 6.4}) {
            assertThat(six.at(x)).isCloseTo(6 * Math.exp(-0.5 * Math.pow((x - 2) / 0.5, 2)),
                    org.assertj.core.api.Assertions.within(1e-13));
            assertThat(six.at(x)).isCloseTo(one.at(x), org.assertj.core.api.Assertions.within(1e-13));
        }
        // Beyond the cut nothing is added.
        assertThat(six.at(2 + 0.5 * (CUT + 0.5))).isZero();
    }
}
