package io.branchwise.search.spec;

/** {@code space.dropout}: one rate for every trial and baseline, or a {@code [low, high]} range searched (linear). */
public record Dropout(double low, double high) {
    public static final String PARAMETER = "training.dropout";

    public static Dropout fixed(double rate) {
        return new Dropout(rate, rate);
    }

    public boolean isSearched() {
        return low < high;
    }

    /** The baselines' rate: the middle of a searched range, for the reason {@link LearningRate#baseline} gives. */
    public double baseline() {
        return (low + high) / 2;
    }
}
