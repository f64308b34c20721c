package io.branchwise.space.sampler.tpe;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.distribution.IntDistribution;

/**
 * One parameter on the scale TPE models it: log-scaled ranges in log space, stepped ranges widened by half a step
 * on each side so every grid value owns a cell of equal width (Optuna's convention), categoricals by index.
 * Log-scaled integers are modelled as a continuous density in log space and rounded, as Optuna does.
 */
final class Domain {
    final Distribution distribution;
    /** The modelled interval: kernels are truncated to it. */
    final double low;
    final double high;
    /** Grid spacing of a linear stepped range; 0 for continuous ones. */
    final double step;
    /** Number of choices of a categorical; 0 for numeric ones. */
    final int choices;
    private final double gridLow;
    private final double gridHigh;

    private Domain(Distribution distribution, double low, double high, double step, int choices,
                   double gridLow, double gridHigh) {
        this.distribution = distribution;
        this.low = low;
        this.high = high;
        this.step = step;
        this.choices = choices;
        this.gridLow = gridLow;
        this.gridHigh = gridHigh;
    }

    /** The model of {@code distribution}, or null when TPE cannot model it (a non-finite range). */
    static Domain of(Distribution distribution) {
        if (distribution instanceof CategoricalDistribution c) {
            return new Domain(c, 0, 0, 0, c.choices().size(), 0, 0);
        }
        if (distribution instanceof IntDistribution d) {
            if (d.log()) {
                return new Domain(d, Math.log(d.low() - 0.5), Math.log(d.high() + 0.5), 0, 0, d.low(), d.high());
            }
            return new Domain(d, d.low() - 0.5 * d.step(), d.high() + 0.5 * d.step(), d.step(), 0, d.low(), d.high());
        }
        FloatDistribution f = (FloatDistribution) distribution;
        if (!Double.isFinite(f.low()) || !Double.isFinite(f.high())) {
            return null;
        }
        if (f.log()) {
            return new Domain(f, Math.log(f.low()), Math.log(f.high()), 0, 0, f.low(), f.high());
        }
        if (f.step() != null) {
            double s = f.step();
            return new Domain(f, f.low() - 0.5 * s, f.high() + 0.5 * s, s, 0, f.low(), f.high());
        }
        return new Domain(f, f.low(), f.high(), 0, 0, f.low(), f.high());
    }

    boolean categorical() {
        return choices > 0;
    }

    boolean discrete() {
        return step > 0;
    }

    double width() {
        return high - low;
    }

    /** An internal value (as stored in a trial) on the model scale. */
    double toModel(double internal) {
        return isLog() ? Math.log(internal) : internal;
    }

    /** A model-scale value back to a valid internal value: rounded onto the grid and clamped into range. */
    double toInternal(double model) {
        if (categorical()) {
            return Math.max(0, Math.min(choices - 1, Math.round(model)));
        }
        if (discrete()) {
            long k = Math.round((model - gridLow) / step);
            return Math.max(gridLow, Math.min(gridHigh, gridLow + k * step));
        }
        double value = isLog() ? Math.exp(model) : model;
        if (distribution instanceof IntDistribution) {
            value = Math.round(value);
        }
        return Math.max(gridLow, Math.min(gridHigh, value));
    }

    /** Where a sampled model value lands once it is made a real parameter value. */
    double snap(double model) {
        return toModel(toInternal(model));
    }

    private boolean isLog() {
        if (distribution instanceof FloatDistribution f) {
            return f.log();
        }
        return distribution instanceof IntDistribution d && d.log();
    }
}
