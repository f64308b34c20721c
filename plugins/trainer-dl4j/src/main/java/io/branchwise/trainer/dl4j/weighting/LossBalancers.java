package io.branchwise.trainer.dl4j.weighting;

import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.weighting.LossWeighting;

import java.util.List;

/**
 * Builds the {@link LossBalancer} for a decoded {@link LossWeighting}. A hyper-parameter the weighting does not carry
 * takes the default of the method's paper (DWA T = 2, GradNorm α = 1.5, CAGrad c = 0.4, Nash-MTL every step), so a
 * hand-written spec may name a method alone.
 */
public final class LossBalancers {
    public static final double DWA_TEMPERATURE = 2.0;
    public static final double GRADNORM_ALPHA = 1.5;
    public static final double CAGRAD_C = 0.4;

    private LossBalancers() {
    }

    /** @param tasks task names in the trainer's head order */
    public static LossBalancer create(LossWeighting weighting, List<String> tasks, TrainingOptions options) {
        int n = tasks.size();
        var hp = weighting.hyperParameters();
        return switch (weighting.method()) {
            case EW -> new EqualWeighting(n);
            case STATIC -> {
                double[] w = new double[n];
                for (int t = 0; t < n; t++) {
                    Double v = weighting.staticWeights().get(tasks.get(t));
                    if (v == null) {
                        throw new IllegalArgumentException("static weights " + weighting.staticWeights().keySet()
                                + " lack task " + tasks.get(t));
                    }
                    w[t] = v;
                }
                yield new StaticWeighting(w);
            }
            case UW -> new UncertaintyWeighting(n, ParameterOptimizer.like(options));
            case DWA -> new DynamicWeightAverage(n, hp.getOrDefault("temperature", DWA_TEMPERATURE));
            case GRADNORM -> new GradNorm(n, hp.getOrDefault("alpha", GRADNORM_ALPHA), ParameterOptimizer.like(options));
            case PCGRAD -> new PcGrad(n, options.seed());
            case RLW -> new RandomLossWeighting(n, options.seed());
            case CAGRAD -> new CaGrad(n, hp.getOrDefault("c", CAGRAD_C));
            case NASH_MTL -> new NashMtl(n, (int) Math.round(hp.getOrDefault("update_every", 1.0)));
        };
    }
}
