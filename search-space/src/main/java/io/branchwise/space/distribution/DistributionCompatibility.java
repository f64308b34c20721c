package io.branchwise.space.distribution;

import io.branchwise.space.json.JsonValue;

import java.util.List;

/**
 * Optuna's rule for one parameter name across the trials of a study: the kind and the log flag are fixed, ranges
 * and steps may change, and categorical choices may not change at all (samplers index into them).
 */
public final class DistributionCompatibility {
    private DistributionCompatibility() {
    }

    public static void check(Distribution recorded, Distribution incoming) {
        if (!recorded.className().equals(incoming.className())) {
            throw new IncompatibleDistributionException("Cannot set different distribution kind to the same parameter"
                    + " name (" + recorded.className() + " then " + incoming.className() + ").");
        }
        if (log(recorded) != log(incoming)) {
            throw new IncompatibleDistributionException(
                    "Cannot set different log configuration to the same parameter name.");
        }
        if (recorded instanceof CategoricalDistribution a && incoming instanceof CategoricalDistribution b
                && !sameChoices(a.choices(), b.choices())) {
            throw new IncompatibleDistributionException(
                    "CategoricalDistribution does not support dynamic value space.");
        }
    }

    private static boolean log(Distribution d) {
        if (d instanceof FloatDistribution f) {
            return f.log();
        }
        return d instanceof IntDistribution i && i.log();
    }

    private static boolean sameChoices(List<JsonValue> a, List<JsonValue> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!JsonValue.pythonEquals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
