package io.branchwise.search.spec;

/**
 * {@code training.learning_rate}: one number, or a {@code [low, high]} range searched on a log scale.
 */
public record LearningRate(double low, double high) {
    public static final String PARAMETER = "training.learning_rate";

    public static LearningRate fixed(double value) {
        return new LearningRate(value, value);
    }

    public boolean isSearched() {
        return low < high;
    }

    /**
     * What the baselines and reference layouts train with: the fixed rate, or the geometric middle of the range,
     * a rate that is neither end's extreme for any single model.
     */
    public double baseline() {
        return isSearched() ? Math.sqrt(low * high) : low;
    }
}
