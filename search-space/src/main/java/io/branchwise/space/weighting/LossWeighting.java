package io.branchwise.space.weighting;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decoded loss-weighting choice: the method, its hyper-parameters (keyed by the short names the trainer reads,
 * e.g. {@code temperature}, {@code alpha}, {@code c}, {@code update_every}) and, for {@link WeightingMethod#STATIC}
 * only, one weight per task summing to 1 (empty otherwise).
 */
public record LossWeighting(WeightingMethod method, Map<String, Double> hyperParameters, Map<String, Double> staticWeights) {

    public LossWeighting {
        hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
        staticWeights = Collections.unmodifiableMap(new LinkedHashMap<>(staticWeights));
        if ((method == WeightingMethod.STATIC) == staticWeights.isEmpty()) {
            throw new IllegalArgumentException("static weights are required for STATIC and only for it (method " + method + ")");
        }
        double sum = 0;
        for (Map.Entry<String, Double> w : staticWeights.entrySet()) {
            if (!(w.getValue() >= 0) || Double.isInfinite(w.getValue())) {
                throw new IllegalArgumentException("weight of task '" + w.getKey() + "' must be finite and >= 0, got " + w.getValue());
            }
            sum += w.getValue();
        }
        if (!staticWeights.isEmpty() && Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException("static weights must sum to 1, got " + sum);
        }
    }

    public double hyperParameter(String name) {
        Double value = hyperParameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException(method + " has no hyper-parameter '" + name + "'; it has " + hyperParameters.keySet());
        }
        return value;
    }
}
