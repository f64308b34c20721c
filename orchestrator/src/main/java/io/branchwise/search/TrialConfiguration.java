package io.branchwise.search;

import io.branchwise.storage.TrialRecord;

import java.util.Map;

/**
 * What a stored search trial was trained with, read back from its attributes: enough to train it again.
 *
 * @param weighting as stored ({@code {method, …hyper-parameters}})
 */
record TrialConfiguration(String layout, Map<String, Object> weighting, TrainingChoice choice) {
    /** The same weighting and training choices on another layout. */
    TrialConfiguration withLayout(String other) {
        return new TrialConfiguration(other, weighting, choice);
    }

    @SuppressWarnings("unchecked")
    static TrialConfiguration of(TrialRecord t) {
        Object activation = Recommender.attr(t, TrialAttributes.ACTIVATION);
        Object dropout = Recommender.attr(t, TrialAttributes.DROPOUT);
        return new TrialConfiguration((String) Recommender.attr(t, TrialAttributes.LAYOUT),
                (Map<String, Object>) Recommender.attr(t, TrialAttributes.WEIGHTING),
                new TrainingChoice(((Number) Recommender.attr(t, TrialAttributes.LEARNING_RATE)).doubleValue(),
                        activation == null ? null : activation.toString(),
                        dropout == null ? null : ((Number) dropout).doubleValue()));
    }
}
