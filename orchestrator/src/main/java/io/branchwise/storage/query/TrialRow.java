package io.branchwise.storage.query;

import io.branchwise.space.study.TrialState;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trial as one row of a page: no intermediate values, no user attributes, and only the system attributes the
 * page asked for.
 *
 * @param params        internal values, each with its distribution JSON under the same key in {@code distributions}
 * @param values        objective values in objective order; empty when unset
 */
public record TrialRow(long id, long number, TrialState state, List<Double> values, String datetimeStart,
                       String datetimeComplete, Map<String, Double> params, Map<String, String> distributions,
                       Map<String, String> systemAttributes) {
    public TrialRow {
        values = Collections.unmodifiableList(new java.util.ArrayList<>(values));
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
        systemAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(systemAttributes));
    }
}
