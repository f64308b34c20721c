package io.branchwise.trainer.dl4j.weighting;

/**
 * UW (Kendall et al. 2018): each task has a learned log-variance {@code s_t}; the step minimises
 * {@code Σ exp(−s_t)·L_t + s_t}. The network therefore sees weights {@code exp(−s_t)}, and after the step each
 * {@code s_t} descends its own gradient {@code 1 − exp(−s_t)·L_t}: a noisy (high-loss) task grows its variance and
 * so its weight shrinks, until {@code exp(−s_t)·L_t = 1}.
 */
public final class UncertaintyWeighting implements LossBalancer {
    private final double[] logVariance;
    private final ParameterOptimizer optimizer;

    public UncertaintyWeighting(int tasks, ParameterOptimizer optimizer) {
        this.logVariance = new double[tasks];
        this.optimizer = optimizer;
    }

    @Override
    public double[] stepWeights(long step) {
        double[] w = new double[logVariance.length];
        for (int t = 0; t < w.length; t++) {
            w[t] = Math.exp(-logVariance[t]);
        }
        return w;
    }

    /** ∂/∂s_t of {@code exp(−s_t)·L_t + s_t}. */
    public double[] gradient(double[] losses) {
        double[] g = new double[logVariance.length];
        for (int t = 0; t < g.length; t++) {
            g[t] = 1.0 - Math.exp(-logVariance[t]) * losses[t];
        }
        return g;
    }

    @Override
    public void afterStep(long step, double[] losses) {
        optimizer.step(logVariance, gradient(losses));
    }

    public double[] logVariances() {
        return logVariance.clone();
    }
}
