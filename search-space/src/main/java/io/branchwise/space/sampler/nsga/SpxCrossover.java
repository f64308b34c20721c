package io.branchwise.space.sampler.nsga;

import java.util.Random;

/**
 * Simplex crossover (Tsutsui et al. 1999) with three parents: the parents' simplex is expanded about its centroid
 * by {@code epsilon} and the child drawn uniformly inside it. The default epsilon, sqrt(n + 2) for n coordinates,
 * keeps the children's covariance close to the parents'.
 */
public final class SpxCrossover implements Crossover {
    private final Double epsilon;

    /** @param epsilon the expansion rate, or null for sqrt(n + 2) */
    public SpxCrossover(Double epsilon) {
        if (epsilon != null && !(epsilon > 0.0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        this.epsilon = epsilon;
    }

    public SpxCrossover() {
        this(null);
    }

    @Override
    public int parentCount() {
        return 3;
    }

    @Override
    public double[] cross(double[][] parents, Random random) {
        int k = parents.length;
        int n = parents[0].length;
        double rate = epsilon != null ? epsilon : Math.sqrt(n + 2.0);
        double[] centroid = new double[n];
        for (double[] p : parents) {
            for (int i = 0; i < n; i++) {
                centroid[i] += p[i] / k;
            }
        }
        double[][] vertex = new double[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                vertex[j][i] = centroid[i] + rate * (parents[j][i] - centroid[i]);
            }
        }
        // Walk the expanded simplex vertex by vertex; the powers of u make the child uniform inside it.
        double[] offset = new double[n];
        for (int j = 1; j < k; j++) {
            double r = Math.pow(random.nextDouble(), 1.0 / j);
            for (int i = 0; i < n; i++) {
                offset[i] = r * (vertex[j - 1][i] - vertex[j][i] + offset[i]);
            }
        }
        double[] child = new double[n];
        for (int i = 0; i < n; i++) {
            child[i] = vertex[k - 1][i] + offset[i];
        }
        return child;
    }
}
