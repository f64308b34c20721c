package io.branchwise.space.distribution;

/**
 * An integer range, optionally log-scaled or stepped. As in Optuna, {@code high} is trimmed down to the last
 * reachable step, and the internal representation is the integer as a double.
 */
public record IntDistribution(String className, long low, long high, boolean log, long step)
        implements Distribution {
    public static final String NAME = "IntDistribution";

    public IntDistribution {
        if (log && step != 1) {
            throw new InvalidDistributionException("step must be 1 when log is true, but got step=" + step);
        }
        if (step <= 0) {
            throw new InvalidDistributionException("step > 0 must hold, but got step=" + step);
        }
        if (low > high) {
            throw new InvalidDistributionException("low <= high must hold, but got low=" + low + " and high=" + high);
        }
        if (log && low < 1) {
            throw new InvalidDistributionException("low >= 1 must hold when log is true, but got low=" + low);
        }
        high = Math.subtractExact(high, Math.floorMod(Math.subtractExact(high, low), step));
    }

    public IntDistribution(long low, long high, boolean log, long step) {
        this(NAME, low, high, log, step);
    }

    @Override
    public boolean isSingle() {
        return low == high || (!log && high - low < step);
    }

    @Override
    public boolean contains(double internal) {
        if (Double.isNaN(internal) || Double.isInfinite(internal)) {
            return false;
        }
        long value = (long) internal;
        return low <= value && value <= high && (value - low) % step == 0;
    }

    public long toExternal(double internal) {
        return (long) internal;
    }
}
