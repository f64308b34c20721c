package io.branchwise.search;

import io.branchwise.search.spec.SearchSpec;

/**
 * What one trainer run is given beside its layout and weighting: the learning rate, and the activation and dropout
 * when the spec's {@code space:} decides them.
 *
 * @param activation null when {@code space.activation} is absent: the spec's {@code training:} section decides
 * @param dropout    null when {@code space.dropout} is absent, likewise
 */
record TrainingChoice(double learningRate, String activation, Double dropout) {
    /** What baselines, the affinity run and the reference layouts train with. */
    static TrainingChoice baseline(SearchSpec spec) {
        var space = spec.space();
        return new TrainingChoice(spec.learningRate().baseline(),
                space.activations() == null ? null : space.activations().baseline(),
                space.dropout() == null ? null : space.dropout().baseline());
    }
}
