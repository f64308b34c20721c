package io.branchwise.space.sampler.nsga;

import java.util.Random;

/**
 * Simulated binary crossover (Deb and Agrawal 1995) in its bounded form, so children never leave the unit cube.
 * A large {@code eta} keeps children close to their parents; a small one spreads them. Each coordinate is
 * recombined with probability 1/2, as in Deb's reference implementation, which keeps whole building blocks of a
 * parent intact on separable problems.
 */
public final class SbxCrossover implements Crossover {
    private final double eta;

    public SbxCrossover(double eta) {
        if (!(eta >= 0.0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("eta must be finite and >= 0, got " + eta);
        }
        this.eta = eta;
    }

    /** eta = 20, the usual multi-objective setting. */
    public SbxCrossover() {
        this(20.0);
    }

    @Override
    public int parentCount() {
        return 2;
    }

    @Override
    public double[] cross(double[][] parents, Random random) {
        double[] child = parents[0].clone();
        for (int i = 0; i < child.length; i++) {
            double a = Math.min(parents[0][i], parents[1][i]);
            double b = Math.max(parents[0][i], parents[1][i]);
            if (random.nextDouble() >= 0.5 || b - a < 1e-14) {
                child[i] = random.nextBoolean() ? parents[0][i] : parents[1][i];
                continue;
            }
            double u = random.nextDouble();
            double mid = 0.5 * (a + b);
            double half = 0.5 * (b - a);
            // Each side's spread is capped by its distance to the bound, which keeps children inside [0, 1].
            double lowChild = mid - contraction(1.0 + 2.0 * a / (b - a), u) * half;
            double highChild = mid + contraction(1.0 + 2.0 * (1.0 - b) / (b - a), u) * half;
            child[i] = Math.min(1.0, Math.max(0.0, random.nextBoolean() ? lowChild : highChild));
        }
        return child;
    }

    /** The spread factor beta_q for one side, whose room to the bound is expressed by {@code beta}. */
    private double contraction(double beta, double u) {
        double alpha = 2.0 - Math.pow(beta, -(eta + 1.0));
        return u <= 1.0 / alpha
                ? Math.pow(u * alpha, 1.0 / (eta + 1.0))
                : Math.pow(1.0 / (2.0 - u * alpha), 1.0 / (eta + 1.0));
    }
}
