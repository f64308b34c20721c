package io.branchwise.space.sampler;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyView;

import java.util.Random;

/** Independent uniform draws (log-uniform on log scales), the baseline every other sampler starts from. */
public final class RandomSampler implements Sampler {
    private final Random random;

    public RandomSampler(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        return draw(distribution, random);
    }

    /** A uniform draw in the internal representation. */
    public static double draw(Distribution distribution, Random random) {
        return fromUnit(distribution, random.nextDouble());
    }

    /**
     * Maps u ∈ [0, 1) to the distribution's internal representation so that uniform u gives a uniform draw:
     * the shared bridge for samplers that work on the unit cube (QMC, CMA-ES, NSGA-II's crossovers).
     */
    public static double fromUnit(Distribution distribution, double u) {
        if (distribution instanceof CategoricalDistribution c) {
            return Math.min(c.choices().size() - 1, (int) Math.floor(u * c.choices().size()));
        }
        if (distribution instanceof IntDistribution d) {
            if (d.log()) {
                double lo = Math.log(d.low() - 0.5);
                double hi = Math.log(d.high() + 0.5);
                long v = Math.round(Math.exp(lo + u * (hi - lo)));
                return Math.max(d.low(), Math.min(d.high(), v));
            }
            long steps = (d.high() - d.low()) / d.step();
            long k = Math.min(steps, (long) Math.floor(u * (steps + 1)));
            return d.low() + k * d.step();
        }
        FloatDistribution f = (FloatDistribution) distribution;
        if (f.log()) {
            double lo = Math.log(f.low());
            double hi = Math.log(f.high());
            return Math.min(f.high(), Math.max(f.low(), Math.exp(lo + u * (hi - lo))));
        }
        if (f.step() != null) {
            long steps = Math.round((f.high() - f.low()) / f.step());
            long k = Math.min(steps, (long) Math.floor(u * (steps + 1)));
            return Math.min(f.high(), f.low() + k * f.step());
        }
        return Math.min(f.high(), f.low() + u * (f.high() - f.low()));
    }

    /** The inverse of {@link #fromUnit}: where an internal value sits in [0, 1]. */
    public static double toUnit(Distribution distribution, double internal) {
        if (distribution instanceof CategoricalDistribution c) {
            return (internal + 0.5) / c.choices().size();
        }
        if (distribution instanceof IntDistribution d) {
            if (d.log()) {
                double lo = Math.log(d.low() - 0.5);
                double hi = Math.log(d.high() + 0.5);
                return (Math.log(internal) - lo) / (hi - lo);
            }
            long steps = (d.high() - d.low()) / d.step();
            return ((internal - d.low()) / d.step() + 0.5) / (steps + 1);
        }
        FloatDistribution f = (FloatDistribution) distribution;
        if (f.log()) {
            return (Math.log(internal) - Math.log(f.low())) / (Math.log(f.high()) - Math.log(f.low()));
        }
        if (f.step() != null) {
            long steps = Math.round((f.high() - f.low()) / f.step());
            return ((internal - f.low()) / f.step() + 0.5) / (steps + 1);
        }
        return f.high() == f.low() ? 0.5 : (internal - f.low()) / (f.high() - f.low());
    }
}
