package io.branchwise.trainer.dl4j.weighting;

/**
 * STATIC: fixed weights searched on the simplex. They arrive summing to 1 and are scaled by T, so that equal
 * static weights train exactly like {@link EqualWeighting} and the learning rate means the same for both.
 */
public final class StaticWeighting implements LossBalancer {
    private final double[] weights;

    /** @param simplexWeights one weight per task, ≥ 0, summing to 1 */
    public StaticWeighting(double[] simplexWeights) {
        double sum = 0;
        for (double w : simplexWeights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("static weights must be finite and >= 0, got " + java.util.Arrays.toString(simplexWeights));
            }
            sum += w;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("static weights must sum to 1, got " + sum);
        }
        weights = new double[simplexWeights.length];
        for (int t = 0; t < weights.length; t++) {
            weights[t] = simplexWeights[t] * simplexWeights.length;
        }
    }

    @Override
    public double[] stepWeights(long step) {
        return weights.clone();
    }
}
