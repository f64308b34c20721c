package io.branchwise.api;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.DistributionJson;
import io.branchwise.space.distribution.IntDistribution;

import java.util.HashMap;
import java.util.Map;

/**
 * Parameters as a person (and Optuna's {@code trial.params}) sees them: the choice rather than its index, the int
 * rather than its double. One decoder per request parses each distinct distribution text once; a page of a
 * thousand trials usually holds a handful.
 */
final class ParamDecoder {
    private final Map<String, Distribution> parsed = new HashMap<>();

    Object external(double internal, String distributionJson) {
        Distribution d = distribution(distributionJson);
        if (d instanceof CategoricalDistribution c && c.contains(internal)) {
            return ApiJson.value(c.toExternal(internal));
        }
        if (d instanceof IntDistribution i) {
            return i.toExternal(internal);
        }
        return ApiJson.number(internal);
    }

    /** The parsed distribution, or null for text the storage accepted but this version cannot read. */
    Distribution distribution(String json) {
        if (json == null) {
            return null;
        }
        return parsed.computeIfAbsent(json, text -> {
            try {
                return DistributionJson.parse(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        });
    }
}
