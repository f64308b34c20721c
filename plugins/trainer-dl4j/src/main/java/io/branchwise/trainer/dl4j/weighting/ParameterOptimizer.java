package io.branchwise.trainer.dl4j.weighting;

import io.branchwise.plugin.trainer.TrainingOptions;

/**
 * The optimizer for a method's own learned parameters (UW's log-variances, GradNorm's weights): the same kind and
 * learning rate as the network's, so a method's parameters move on the network's time scale.
 */
public final class ParameterOptimizer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final boolean adam;
    private final double learningRate;
    private double[] m;
    private double[] v;
    private long t;

    private ParameterOptimizer(boolean adam, double learningRate) {
        this.adam = adam;
        this.learningRate = learningRate;
    }

    public static ParameterOptimizer adam(double learningRate) {
        return new ParameterOptimizer(true, learningRate);
    }

    public static ParameterOptimizer sgd(double learningRate) {
        return new ParameterOptimizer(false, learningRate);
    }

    public static ParameterOptimizer like(TrainingOptions options) {
        return options.optimizer() == TrainingOptions.Optimizer.ADAM ? adam(options.learningRate()) : sgd(options.learningRate());
    }

    /** One descent step on {@code params} along {@code gradient}, in place. */
    public void step(double[] params, double[] gradient) {
        if (!adam) {
            for (int i = 0; i < params.length; i++) {
                params[i] -= learningRate * gradient[i];
            }
            return;
        }
        if (m == null) {
            m = new double[params.length];
            v = new double[params.length];
        }
        t++;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < params.length; i++) {
            m[i] = BETA1 * m[i] + (1 - BETA1) * gradient[i];
            v[i] = BETA2 * v[i] + (1 - BETA2) * gradient[i] * gradient[i];
            params[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
        }
    }
}
