package io.branchwise.search.spec;

import io.branchwise.space.weighting.WeightingMethod;

/**
 * One {@code weighting.<method>.<hyper-parameter>: [low, high]} (or one number, low = high) of a search spec,
 * replacing the default range {@link io.branchwise.space.weighting.LossWeightingSpace} searches it over.
 */
public record WeightingRange(WeightingMethod method, String name, double low, double high) {
}
