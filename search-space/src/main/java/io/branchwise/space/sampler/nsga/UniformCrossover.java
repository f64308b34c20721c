package io.branchwise.space.sampler.nsga;

import java.util.Random;

/** Each coordinate comes from the first parent, or from the second with {@code swappingProb}: Optuna's default. */
public final class UniformCrossover implements Crossover {
    private final double swappingProb;

    public UniformCrossover(double swappingProb) {
        if (!(swappingProb >= 0.0 && swappingProb <= 1.0)) {
            throw new IllegalArgumentException("swappingProb must be in [0, 1], got " + swappingProb);
        }
        this.swappingProb = swappingProb;
    }

    public UniformCrossover() {
        this(0.5);
    }

    @Override
    public int parentCount() {
        return 2;
    }

    @Override
    public double[] cross(double[][] parents, Random random) {
        double[] child = parents[0].clone();
        for (int i = 0; i < child.length; i++) {
            if (random.nextDouble() < swappingProb) {
                child[i] = parents[1][i];
            }
        }
        return child;
    }
}
