package io.branchwise.trainer.dl4j.weighting;

import java.util.Arrays;

/**
 * CAGrad's inner problem, {@code min_w wᵀA·b + r·sqrt(wᵀAw)} over the probability simplex with {@code b = 1/T}:
 * convex, T-dimensional, solved by projected gradient descent with backtracking (Armijo) steps. The problem is
 * invariant to scaling A, so A is normalised first and the tolerances are absolute.
 */
final class SimplexSolver {
    private static final int MAX_ITERATIONS = 2000;
    private static final double TOLERANCE = 1e-12;

    private SimplexSolver() {
    }

    static double[] minimiseCaGrad(double[][] gram, double radius) {
        int n = gram.length;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, gram[i][i]);
        }
        double[] w = Vectors.filled(n, 1.0 / n);
        if (scale <= 0) {
            return w;
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = gram[i][j] / scale;
            }
        }
        double r = radius / Math.sqrt(scale);
        double[] ab = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                ab[i] += a[i][j] / n;
            }
        }
        double f = objective(a, ab, r, w);
        double step = 1.0;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] grad = gradient(a, ab, r, w);
            double[] next;
            double fNext;
            while (true) {
                next = new double[n];
                for (int i = 0; i < n; i++) {
                    next[i] = w[i] - step * grad[i];
                }
                next = projectOntoSimplex(next);
                double decrease = 0;
                double dist = 0;
                for (int i = 0; i < n; i++) {
                    decrease += grad[i] * (next[i] - w[i]);
                    dist += (next[i] - w[i]) * (next[i] - w[i]);
                }
                fNext = objective(a, ab, r, next);
                if (fNext <= f + decrease + dist / (2 * step) || step < 1e-20) {
                    break;
                }
                step *= 0.5;
            }
            double moved = 0;
            for (int i = 0; i < n; i++) {
                moved = Math.max(moved, Math.abs(next[i] - w[i]));
            }
            w = next;
            f = fNext;
            if (moved < TOLERANCE) {
                break;
            }
            step *= 2; // let the step grow back after a cautious stretch
        }
        return w;
    }

    private static double objective(double[][] a, double[] ab, double r, double[] w) {
        double linear = 0;
        for (int i = 0; i < w.length; i++) {
            linear += w[i] * ab[i];
        }
        return linear + r * Math.sqrt(Math.max(CaGrad.quadratic(a, w), 0));
    }

    private static double[] gradient(double[][] a, double[] ab, double r, double[] w) {
        int n = w.length;
        double[] aw = new double[n];
        double q = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                aw[i] += a[i][j] * w[j];
            }
            q += w[i] * aw[i];
        }
        double norm = Math.sqrt(Math.max(q, 1e-30));
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = ab[i] + r * aw[i] / norm;
        }
        return g;
    }

    /** Euclidean projection onto {w ≥ 0, Σw = 1} (sort-based, Held et al. / Duchi et al.). */
    static double[] projectOntoSimplex(double[] v) {
        int n = v.length;
        double[] u = v.clone();
        Arrays.sort(u);
        double cumulative = 0;
        double theta = 0;
        for (int k = n - 1; k >= 0; k--) {
            cumulative += u[k];
            double t = (cumulative - 1) / (n - k);
            if (k == 0 || u[k - 1] <= t) {
                theta = t;
                break;
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.max(v[i] - theta, 0);
        }
        return out;
    }
}
