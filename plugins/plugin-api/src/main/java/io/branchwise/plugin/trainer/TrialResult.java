package io.branchwise.plugin.trainer;

import io.branchwise.space.grouping.AffinityMatrix;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished (or stopped) trial.
 *
 * @param epochs           epochs completed
 * @param stopped          the trainer stopped early because {@link TrialContext#shouldStop()} said so
 * @param validation       per task, every metric of its type on the validation split, from the returned model
 * @param test             the same on the test split
 * @param affinity         the averaged inter-task affinity, or null when not measured
 * @param model            the saved model, or null
 * @param samplesPerSecond training throughput over the whole run
 * @param bestEpoch        the epoch whose weights are the returned model (the best validation score, see
 *                         {@link TrainingRequest#references()}); its metrics are {@code validation} and {@code test}
 */
public record TrialResult(int epochs, boolean stopped, Map<String, Map<String, Double>> validation,
                          Map<String, Map<String, Double>> test, AffinityMatrix affinity, Path model,
                          double samplesPerSecond, int bestEpoch) {
    public TrialResult {
        validation = Collections.unmodifiableMap(new LinkedHashMap<>(validation));
        test = Collections.unmodifiableMap(new LinkedHashMap<>(test));
        if (bestEpoch < 0 || bestEpoch > epochs) {
            throw new IllegalArgumentException("the best epoch must be within the " + epochs + " epochs trained, got "
                    + bestEpoch);
        }
    }

    /** A result whose model is its last epoch's (a trainer that does not select epochs). */
    public TrialResult(int epochs, boolean stopped, Map<String, Map<String, Double>> validation,
                       Map<String, Map<String, Double>> test, AffinityMatrix affinity, Path model,
                       double samplesPerSecond) {
        this(epochs, stopped, validation, test, affinity, model, samplesPerSecond, epochs);
    }
}
