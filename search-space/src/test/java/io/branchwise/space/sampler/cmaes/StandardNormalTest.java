package io.branchwise.space.sampler.cmaes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StandardNormalTest {

    @Test
    void cdfMatchesKnownProbabilities() {
        assertThat(StandardNormal.cdf(0.0)).isEqualTo(0.5);
        // Textbook values: Φ(1.96) ≈ 0.975, the 1-sigma and 3-sigma masses, and a deep tail.
        assertThat(StandardNormal.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-12));
        assertThat(StandardNormal.cdf(1.0) - StandardNormal.cdf(-1.0)).isCloseTo(0.6826894921370859, within(1e-12));
        assertThat(StandardNormal.cdf(-3.0)).isCloseTo(0.0013498980316301, within(1e-14));
        assertThat(StandardNormal.cdf(-8.0) / 6.22096057427178e-16).isCloseTo(1.0, within(1e-6));
        assertThat(StandardNormal.cdf(5.5) + StandardNormal.cdf(-5.5)).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void quantileInvertsCdf() {
        for (double p : new double[] {1e-10, 1e-4, 0.025, 0.3, 0.5, 0.9, 0.999}) {
            assertThat(StandardNormal.cdf(StandardNormal.quantile(p))).isCloseTo(p, within(p * 1e-9));
        }
    }
}
