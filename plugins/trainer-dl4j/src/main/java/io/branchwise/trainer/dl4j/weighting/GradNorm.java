package io.branchwise.trainer.dl4j.weighting;

/**
 * GradNorm (Chen et al. 2018): learned loss weights {@code w_t} that pull every task's gradient norm on the last
 * shared layer, {@code G_t = w_t·|∇_W L_t|}, towards a common target scaled by how slowly the task is learning:
 * {@code target_t = Ḡ·r_t^α} with {@code r_t = L̃_t / mean(L̃)} and {@code L̃_t = L_t / L_t(first step)}. The
 * weights descend {@code Σ |G_t − target_t|} with the target held constant (as in the paper), i.e. along
 * {@code sign(G_t − target_t)·|∇_W L_t|}, and are renormalised to sum to T after every step.
 *
 * <p>Each step trains on {@code Σ w_t·L_t} with the weights from before that step's weight update.
 */
public final class GradNorm implements LossBalancer {
    /** Keeps weights strictly positive; a zero weight would switch its task off for good. */
    private static final double MIN_WEIGHT = 1e-3;

    private final int tasks;
    private final double alpha;
    private final ParameterOptimizer optimizer;
    private final double[] weights;
    private double[] initialLosses;

    public GradNorm(int tasks, double alpha, ParameterOptimizer optimizer) {
        if (!(alpha >= 0)) {
            throw new IllegalArgumentException("GradNorm alpha must be >= 0, got " + alpha);
        }
        this.tasks = tasks;
        this.alpha = alpha;
        this.optimizer = optimizer;
        this.weights = Vectors.filled(tasks, 1.0);
    }

    @Override
    public double[] stepWeights(long step) {
        return weights.clone();
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
        double[] used = weights.clone();
        float[] shared = Vectors.weightedSum(gradients.shared(), used);
        update(gradients.focusNorms(), gradients.losses());
        return new Combination(shared, used);
    }

    /** The target norm of every task given its unweighted gradient norms and its current losses. */
    public double[] targets(double[] norms, double[] losses) {
        if (initialLosses == null) {
            initialLosses = losses.clone();
        }
        double meanG = 0;
        double[] relative = new double[tasks];
        double meanRelative = 0;
        for (int t = 0; t < tasks; t++) {
            meanG += weights[t] * norms[t] / tasks;
            relative[t] = initialLosses[t] > 0 ? losses[t] / initialLosses[t] : 1.0;
            meanRelative += relative[t] / tasks;
        }
        double[] target = new double[tasks];
        for (int t = 0; t < tasks; t++) {
            double r = meanRelative > 0 ? relative[t] / meanRelative : 1.0;
            target[t] = meanG * Math.pow(r, alpha);
        }
        return target;
    }

    /** One GradNorm update of the weights; returns the gradient it descended. */
    double[] update(double[] norms, double[] losses) {
        double[] target = targets(norms, losses);
        double[] grad = new double[tasks];
        for (int t = 0; t < tasks; t++) {
            grad[t] = Math.signum(weights[t] * norms[t] - target[t]) * norms[t];
        }
        optimizer.step(weights, grad);
        double sum = 0;
        for (int t = 0; t < tasks; t++) {
            weights[t] = Math.max(weights[t], MIN_WEIGHT);
            sum += weights[t];
        }
        for (int t = 0; t < tasks; t++) {
            weights[t] *= tasks / sum;
        }
        return grad;
    }

    public double[] weights() {
        return weights.clone();
    }
}
