package io.branchwise.space.sampler.nsga;

import java.util.Random;

/**
 * Recombines parents into one child. Vectors hold the numerical parameters mapped onto the unit cube (log-aware,
 * see {@code RandomSampler.toUnit}), so an operator never sees bounds, steps or scales; the sampler clips the
 * child back into the cube and onto valid values.
 */
public interface Crossover {

    /** How many distinct parents one child needs. */
    int parentCount();

    /** One child from {@code parents} (each of the same length); coordinates may leave [0, 1]. */
    double[] cross(double[][] parents, Random random);
}
