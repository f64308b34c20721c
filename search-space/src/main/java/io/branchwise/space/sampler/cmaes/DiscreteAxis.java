package io.branchwise.space.sampler.cmaes;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.sampler.RandomSampler;

/**
 * One discrete coordinate of the unit cube (an int, or a stepped float), seen as cells: every point of a cell
 * encodes, through {@link RandomSampler#fromUnit}, to the same value. The margin correction needs the two
 * thresholds around the cell that holds the mean.
 */
final class DiscreteAxis {
    private final Distribution distribution;
    private final long cells;

    private DiscreteAxis(Distribution distribution, long cells) {
        this.distribution = distribution;
        this.cells = cells;
    }

    /** The axis of a discrete distribution, or null for a continuous one. */
    static DiscreteAxis of(Distribution distribution) {
        if (distribution instanceof IntDistribution d) {
            return new DiscreteAxis(d, (d.high() - d.low()) / d.step() + 1);
        }
        if (distribution instanceof FloatDistribution f && f.step() != null) {
            return new DiscreteAxis(f, Math.round((f.high() - f.low()) / f.step()) + 1);
        }
        return null;
    }

    /**
     * The thresholds {lower, upper} of the cell that holds {@code x}, in unit coordinates; NaN where the cell is the
     * first (no lower neighbour) or the last (no upper one). Points outside [0, 1] are repaired to the nearest edge
     * before encoding, so they belong to the edge cells.
     */
    double[] cellAround(double x) {
        if (distribution instanceof IntDistribution d && d.log()) {
            long v = (long) RandomSampler.fromUnit(d, clampToUnit(x));
            double logLow = Math.log(d.low() - 0.5);
            double logSpan = Math.log(d.high() + 0.5) - logLow;
            double lower = v > d.low() ? (Math.log(v - 0.5) - logLow) / logSpan : Double.NaN;
            double upper = v < d.high() ? (Math.log(v + 0.5) - logLow) / logSpan : Double.NaN;
            return new double[] {lower, upper};
        }
        long k = Math.max(0, Math.min(cells - 1, (long) Math.floor(clampToUnit(x) * cells)));
        double lower = k > 0 ? (double) k / cells : Double.NaN;
        double upper = k < cells - 1 ? (double) (k + 1) / cells : Double.NaN;
        return new double[] {lower, upper};
    }

    /** Unit coordinates are repaired into [0, 1) before they are encoded. */
    static double clampToUnit(double x) {
        return Math.max(0.0, Math.min(Math.nextDown(1.0), x));
    }
}
