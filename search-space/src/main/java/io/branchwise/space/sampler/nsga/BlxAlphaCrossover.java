package io.branchwise.space.sampler.nsga;

import java.util.Random;

/**
 * Blend crossover (Eshelman and Schaffer 1993): each coordinate is drawn uniformly from the parents' interval
 * widened by {@code alpha} times its length on both sides, so the population can still expand.
 */
public final class BlxAlphaCrossover implements Crossover {
    private final double alpha;

    public BlxAlphaCrossover(double alpha) {
        if (!(alpha >= 0.0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
        }
        this.alpha = alpha;
    }

    public BlxAlphaCrossover() {
        this(0.5);
    }

    @Override
    public int parentCount() {
        return 2;
    }

    @Override
    public double[] cross(double[][] parents, Random random) {
        double[] child = new double[parents[0].length];
        for (int i = 0; i < child.length; i++) {
            double low = Math.min(parents[0][i], parents[1][i]);
            double high = Math.max(parents[0][i], parents[1][i]);
            double margin = alpha * (high - low);
            child[i] = low - margin + random.nextDouble() * (high - low + 2.0 * margin);
        }
        return child;
    }
}
