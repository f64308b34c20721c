package io.branchwise.trainer.dl4j.weighting;

/**
 * The result of a gradient-combining step.
 *
 * @param shared      the update direction for the shared parameters (same length as each task's shared gradient)
 * @param taskWeights multipliers of each task's gradient on the parameters only that task uses (its branch and head)
 */
public record Combination(float[] shared, double[] taskWeights) {
}
