package io.branchwise.space.distribution;

import java.math.BigDecimal;

/**
 * A real range, optionally log-scaled or stepped. As in Optuna, {@code high} is trimmed down to the last
 * reachable step, and the internal representation is the value itself.
 */
public record FloatDistribution(String className, double low, double high, boolean log, Double step)
        implements Distribution {
    public static final String NAME = "FloatDistribution";

    public FloatDistribution {
        if (log && step != null) {
            throw new InvalidDistributionException("step is not supported when log is true");
        }
        // Comparisons as in Optuna's constructor, which lets NaN bounds through (its own tests store them).
        if (low > high) {
            throw new InvalidDistributionException(
                    "low <= high must hold, but got low=" + low + " and high=" + high);
        }
        if (log && low <= 0.0) {
            throw new InvalidDistributionException("low > 0 must hold when log is true, but got low=" + low);
        }
        if (step != null && step <= 0) {
            throw new InvalidDistributionException("step > 0 must hold, but got step=" + step);
        }
        if (step != null && Double.isFinite(low) && Double.isFinite(high) && Double.isFinite(step)) {
            high = lastStep(low, high, step);
        }
    }

    public FloatDistribution(double low, double high, boolean log, Double step) {
        this(NAME, low, high, log, step);
    }

    /** Decimal arithmetic as Optuna does, so 0.1 steps over [0, 1] end exactly at 1.0. */
    private static double lastStep(double low, double high, double step) {
        BigDecimal lo = new BigDecimal(Double.toString(low));
        BigDecimal span = new BigDecimal(Double.toString(high)).subtract(lo);
        BigDecimal q = new BigDecimal(Double.toString(step));
        BigDecimal steps = span.divideToIntegralValue(q);
        return steps.multiply(q).add(lo).doubleValue();
    }

    @Override
    public boolean isSingle() {
        if (low == high) {
            return true;
        }
        if (step == null) {
            return false;
        }
        BigDecimal span = new BigDecimal(Double.toString(high)).subtract(new BigDecimal(Double.toString(low)));
        return span.compareTo(new BigDecimal(Double.toString(step))) < 0;
    }

    @Override
    public boolean contains(double value) {
        if (Double.isNaN(value) || value < low || value > high) {
            return false;
        }
        if (step == null) {
            return true;
        }
        double k = (value - low) / step;
        return Math.abs(k - Math.round(k)) < 1.0e-8;
    }
}
