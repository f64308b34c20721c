package io.branchwise.space.sampler.tpe;

import java.util.Random;

/**
 * The standard normal distribution as the Parzen estimator needs it. The JDK has no erf, so the upper tail
 * Q(x) = 1 − Φ(x) is computed as φ(x)·R(x) with R the Mills ratio: R is smooth and satisfies R' = xR − 1, so a
 * short Taylor series around the nearest point of an eighth-unit grid gives it to near machine precision, and Q keeps
 * its relative accuracy far into the tail (where 1 − Φ would cancel to zero).
 */
final class Normal {
    static final double LOG_SQRT_2PI = 0.5 * Math.log(2.0 * Math.PI);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    private static final double GRID = 0.125;
    /** Beyond this φ underflows, so the tail is zero in double precision. */
    private static final double TAIL_END = 38.0;
    private static final double[] MILLS = millsOnGrid();

    private Normal() {
    }

    static double pdf(double z) {
        return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    /** P(Z > x). */
    static double upperTail(double x) {
        if (x < 0) {
            return 1.0 - upperTail(-x);
        }
        if (x > TAIL_END) {
            return 0.0;
        }
        return pdf(x) * mills(x);
    }

    /** P(a ≤ Z ≤ b) for a ≤ b, always subtracting the smaller tails so no precision is lost. */
    static double mass(double a, double b) {
        if (a >= 0) {
            return upperTail(a) - upperTail(b);
        }
        if (b <= 0) {
            return upperTail(-b) - upperTail(-a);
        }
        return 1.0 - negligibleOrTail(b) - negligibleOrTail(-a);
    }

    /** Below half an ulp of 1 a tail cannot change 1 − tails, so the (costly) evaluation is skipped. */
    private static double negligibleOrTail(double x) {
        return x > 8.3 ? 0.0 : upperTail(x);
    }

    /**
     * P(c − h ≤ Z ≤ c + h): the probability of one grid cell. Narrow cells use the second-order midpoint rule,
     * exact to ~h⁴, which saves two tail evaluations where a distribution has many steps.
     */
    static double cellMass(double c, double h) {
        if (h < 0.01) {
            return 2.0 * h * pdf(c) * (1.0 + (c * c - 1.0) * h * h / 6.0);
        }
        return mass(c - h, c + h);
    }

    /**
     * A draw from N(mu, sigma²) restricted to [low, high] by rejection. The estimator only places kernels with mu
     * inside their range and sigma at most the range's width, so at least a third of the draws are accepted.
     */
    static double sampleTruncated(Random random, double mu, double sigma, double low, double high) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            double x = mu + sigma * random.nextGaussian();
            if (x >= low && x <= high) {
                return x;
            }
        }
        return Math.max(low, Math.min(high, mu));
    }

    private static double mills(double x) {
        int i = (int) Math.round(x / GRID);
        double x0 = i * GRID;
        double h = x - x0;
        double previous = MILLS[i];
        double current = x0 * previous - 1.0;
        double sum = previous + current * h;
        double power = h;
        // R^(n+1) = x0·R^(n) + n·R^(n−1) (Leibniz on R' = xR − 1); power holds h^(n+1)/(n+1)!.
        for (int n = 1; n < 60; n++) {
            double next = x0 * current + n * previous;
            power *= h / (n + 1);
            double term = next * power;
            sum += term;
            previous = current;
            current = next;
            if (Math.abs(term) <= 1e-17 * sum) {
                break;
            }
        }
        return sum;
    }

    /**
     * R on the grid: from Φ's everywhere-convergent series (Φ(x) = ½ + φ(x)·Σ x^(2n+1)/(2n+1)!!) where the tail
     * is large, and from the Laplace continued fraction R(x) = 1/(x+1/(x+2/(x+3/…))) where it is small.
     */
    private static double[] millsOnGrid() {
        int points = (int) Math.ceil(TAIL_END / GRID) + 2;
        double[] r = new double[points];
        for (int i = 0; i < points; i++) {
            double x = i * GRID;
            if (x <= 3.0) {
                double term = x;
                double series = x;
                for (int n = 1; n < 200 && term > 1e-18 * series; n++) {
                    term *= x * x / (2 * n + 1);
                    series += term;
                }
                r[i] = 0.5 / pdf(x) - series;
            } else {
                double t = x;
                for (int k = 2000; k >= 1; k--) {
                    t = x + k / t;
                }
                r[i] = 1.0 / t;
            }
        }
        return r;
    }
}
