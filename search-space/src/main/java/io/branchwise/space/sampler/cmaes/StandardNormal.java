package io.branchwise.space.sampler.cmaes;

/**
 * The standard normal CDF and its inverse, for the margin correction, which turns "at least α probability of
 * leaving this integer" into distances in standard deviations. Computed from textbook series rather than
 * tabulated rational approximations, so no foreign coefficients are needed.
 */
final class StandardNormal {
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private StandardNormal() {
    }

    static double cdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x > 5.0) {
            return 1.0 - upperTail(x);
        }
        if (x < -5.0) {
            return upperTail(-x);
        }
        // Φ(x) = ½ + φ(x)·Σ x^(2k+1) / (1·3·5···(2k+1)), which converges quickly for |x| ≤ 5.
        double term = x;
        double sum = x;
        double x2 = x * x;
        for (int k = 1; k < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
            term *= x2 / (2 * k + 1);
            sum += term;
        }
        return 0.5 + density(x) * sum;
    }

    /** Φ⁻¹(p) by bisection on {@link #cdf}: slow by numerical standards, but it runs a handful of times per generation. */
    static double quantile(double p) {
        if (!(p > 0.0 && p < 1.0)) {
            throw new IllegalArgumentException("p must lie in (0, 1), got " + p);
        }
        double lo = -40.0;
        double hi = 40.0;
        for (int i = 0; i < 200 && hi - lo > 1e-13; i++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double density(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** 1 − Φ(x) for x > 5 by Laplace's continued fraction, which avoids the cancellation of 1 − Φ. */
    private static double upperTail(double x) {
        double fraction = x;
        for (int k = 60; k >= 1; k--) {
            fraction = x + k / fraction;
        }
        return density(x) / fraction;
    }
}
