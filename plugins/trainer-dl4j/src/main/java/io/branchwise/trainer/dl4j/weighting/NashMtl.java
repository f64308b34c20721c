package io.branchwise.trainer.dl4j.weighting;

/**
 * Nash-MTL (Navon et al. 2022): the update {@code d = Σ α_i g_i} with {@code α > 0} solving
 * {@code (GGᵀ α)_i = 1/α_i}, the Nash bargaining solution between tasks. Those are the stationarity conditions of
 * the strictly convex {@code ½αᵀMα − Σ log α_i} (M the Gram matrix), which is minimised here by damped Newton steps
 * (the paper uses a sequence of convex programs; the solution is the same). α is solved every
 * {@code update_every} steps; in between, the last α are used as plain loss weights, which is what makes the
 * method affordable. The paper's optional gradient-norm clipping is not applied.
 */
public final class NashMtl implements LossBalancer {
    private static final int MAX_ITERATIONS = 100;
    /** Relative ridge on the Gram matrix: a task with no shared gradient would otherwise get α → ∞. */
    private static final double RIDGE = 1e-8;

    private final int tasks;
    private final int updateEvery;
    private double[] alpha;

    public NashMtl(int tasks, int updateEvery) {
        if (updateEvery < 1) {
            throw new IllegalArgumentException("Nash-MTL update_every must be >= 1, got " + updateEvery);
        }
        this.tasks = tasks;
        this.updateEvery = updateEvery;
        this.alpha = Vectors.filled(tasks, 1.0);
    }

    @Override
    public double[] stepWeights(long step) {
        return alpha.clone();
    }

    @Override
    public boolean combinesGradients() {
        return true;
    }

    @Override
    public boolean needsTaskGradients(long step) {
        return tasks > 1 && step % updateEvery == 0;
    }

    @Override
    public Combination combine(TaskGradients gradients, long step) {
        double[] a = solve(Vectors.gram(gradients.shared()));
        if (a != null) {
            alpha = a;
        }
        return new Combination(Vectors.weightedSum(gradients.shared(), alpha), alpha.clone());
    }

    /** α with {@code α_i·(Mα)_i = 1} for all i; null when every gradient is zero. */
    public static double[] solve(double[][] gram) {
        int n = gram.length;
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += gram[i][i];
        }
        if (!(trace > 0)) {
            return null;
        }
        // Solve on M/s (s = trace / n) for conditioning; α for M is then α' / sqrt(s).
        double s = trace / n;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = gram[i][j] / s + (i == j ? RIDGE : 0);
            }
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = 1.0 / Math.sqrt(m[i][i]); // exact when the gradients are orthogonal
        }
        double f = barrier(m, a);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] ma = multiply(m, a);
            double[] grad = new double[n];
            double gradNorm = 0;
            double[][] hessian = new double[n][n];
            for (int i = 0; i < n; i++) {
                grad[i] = ma[i] - 1.0 / a[i];
                gradNorm = Math.max(gradNorm, Math.abs(grad[i] * a[i]));
                for (int j = 0; j < n; j++) {
                    hessian[i][j] = m[i][j] + (i == j ? 1.0 / (a[i] * a[i]) : 0);
                }
            }
            if (gradNorm < 1e-12) {
                break;
            }
            double[] delta = Linear.solve(hessian, grad);
            double slope = 0;
            for (int i = 0; i < n; i++) {
                delta[i] = -delta[i];
                slope += grad[i] * delta[i];
            }
            double t = 1.0;
            double[] next = new double[n];
            while (true) {
                boolean positive = true;
                for (int i = 0; i < n; i++) {
                    next[i] = a[i] + t * delta[i];
                    positive &= next[i] > 0;
                }
                if (positive) {
                    double fNext = barrier(m, next);
                    if (fNext <= f + 0.25 * t * slope) {
                        f = fNext;
                        break;
                    }
                }
                t *= 0.5;
                if (t < 1e-20) {
                    return scale(a, s);
                }
            }
            a = next.clone();
        }
        return scale(a, s);
    }

    private static double[] scale(double[] a, double s) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / Math.sqrt(s);
        }
        return out;
    }

    private static double barrier(double[][] m, double[] a) {
        double f = 0.5 * CaGrad.quadratic(m, a);
        for (double v : a) {
            f -= Math.log(v);
        }
        return f;
    }

    private static double[] multiply(double[][] m, double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                out[i] += m[i][j] * a[j];
            }
        }
        return out;
    }
}
