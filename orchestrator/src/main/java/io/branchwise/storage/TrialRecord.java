package io.branchwise.storage;

import io.branchwise.space.study.TrialState;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A stored trial, or the template of one to create (then {@code id} and {@code number} are ignored).
 * Datetimes are Python's {@code "%Y-%m-%d %H:%M:%S.%f"} text or null; {@code values} is empty when unset;
 * params are Optuna internal representations, and every param has its distribution JSON under the same key.
 */
public record TrialRecord(long id, long studyId, long number, TrialState state, List<Double> values,
                          String datetimeStart, String datetimeComplete,
                          Map<String, Double> params, Map<String, String> distributions,
                          Map<String, String> userAttributes, Map<String, String> systemAttributes,
                          SortedMap<Long, Double> intermediateValues) {
}
