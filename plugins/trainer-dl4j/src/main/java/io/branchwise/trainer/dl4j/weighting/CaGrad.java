package io.branchwise.trainer.dl4j.weighting;

/**
 * CAGrad (Liu et al. 2021): the update that maximises the worst task's local improvement within a ball of radius
 * {@code c·|g₀|} around the mean gradient {@code g₀}. By duality it is {@code d = g₀ + (c|g₀| / |g_w|)·g_w} with
 * {@code g_w = Σ w_i g_i} and w minimising {@code g_w·g₀ + c|g₀|·|g_w|} on the simplex. As in the paper's code the
 * result is divided by {@code 1 + c²}; it is then multiplied by T so that c → 0 gives the plain sum of task
 * gradients, the scale every other method here trains at. Task-specific parameters get their own gradients.
 *
 * <p>Everything is computed from the T×T Gram matrix of the task gradients, so the inner solver costs nothing next
 * to the gradients themselves.
 */
public final class CaGrad implements LossBalancer {
    private final int tasks;
    private final double c;

    public CaGrad(int tasks, double c) {
        if (!(c >= 0)) {
            throw new IllegalArgumentException("CAGrad c must be >= 0, got " + c);
        }
        this.tasks = tasks;
        this.c = c;
    }

    @Override
    public double[] stepWeights(long step) {
        return Vectors.filled(tasks, 1.0);
    }

    @Override
    public boolean combinesGradients() {
        return true;
    }

    @Override
    public boolean needsTaskGradients(long step) {
        return tasks > 1;
    }

    @Override
    public Combination combine(TaskGradients gradients, long step) {
        double[] coefficients = coefficients(Vectors.gram(gradients.shared()));
        return new Combination(Vectors.weightedSum(gradients.shared(), coefficients), Vectors.filled(tasks, 1.0));
    }

    /** The update as {@code Σ a_i g_i}: the coefficients a_i, from the Gram matrix alone. */
    public double[] coefficients(double[][] gram) {
        int n = gram.length;
        double g0Squared = 0;
        for (double[] row : gram) {
            for (double v : row) {
                g0Squared += v / ((double) n * n);
            }
        }
        double radius = c * Math.sqrt(Math.max(g0Squared, 0));
        double[] w = SimplexSolver.minimiseCaGrad(gram, radius);
        double gwSquared = quadratic(gram, w);
        double lambda = gwSquared > 0 ? radius / Math.sqrt(gwSquared) : 0;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = n * (1.0 / n + lambda * w[i]) / (1 + c * c);
        }
        return a;
    }

    static double quadratic(double[][] m, double[] w) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w.length; j++) {
                s += w[i] * m[i][j] * w[j];
            }
        }
        return s;
    }
}
