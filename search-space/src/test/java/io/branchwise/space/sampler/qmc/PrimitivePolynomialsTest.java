package io.branchwise.space.sampler.qmc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrimitivePolynomialsTest {

    @Test
    void countsPerDegreeMatchEulersTotientFormula() {
        // There are φ(2^d − 1) / d primitive polynomials of degree d; φ is computed here independently.
        List<Long> all = PrimitivePolynomials.first(1110);
        for (int d = 1; d <= PrimitivePolynomials.MAX_DEGREE; d++) {
            int degree = d;
            long count = all.stream().filter(p -> PrimitivePolynomials.degree(p) == degree).count();
            assertThat(count).as("degree %d", d).isEqualTo(totient((1L << d) - 1) / d);
        }
    }

    private static long totient(long n) {
        long result = n;
        for (long f = 2; f * f <= n; f++) {
            if (n % f == 0) {
                while (n % f == 0) {
                    n /= f;
                }
                result -= result / f;
            }
        }
        return n > 1 ? result - result / n : result;
    }

    @Test
    void knownPolynomialsAreClassifiedCorrectly() {
        assertThat(PrimitivePolynomials.first(4)).containsExactly(0b11L, 0b111L, 0b1011L, 0b1101L);
        // x^4+x^3+x^2+x+1 is irreducible but x has order 5, not 15; x^4+x^2+1 = (x^2+x+1)^2 is reducible.
        assertThat(PrimitivePolynomials.isPrimitive(0b11111L, 4)).isFalse();
        assertThat(PrimitivePolynomials.isPrimitive(0b10101L, 4)).isFalse();
        assertThat(PrimitivePolynomials.isPrimitive(0b10011L, 4)).isTrue();
    }
}
