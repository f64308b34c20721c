package io.branchwise.plugin.trainer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a trainer reports after each epoch.
 *
 * @param epoch      1-based
 * @param values     per task, its {@link io.branchwise.plugin.task.TaskHead#metric()} on the validation split
 * @param trainLoss  per task, the mean training loss over the epoch (unweighted)
 * @param seconds    wall time of the epoch's training (not its evaluation)
 * @param samples    training rows seen in the epoch
 */
public record EpochReport(int epoch, Map<String, Double> values, Map<String, Double> trainLoss, double seconds, long samples) {
    public EpochReport {
        if (epoch < 1) {
            throw new IllegalArgumentException("epochs count from 1, got " + epoch);
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        trainLoss = Collections.unmodifiableMap(new LinkedHashMap<>(trainLoss));
    }
}
