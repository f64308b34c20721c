package io.branchwise.space.distribution;

import io.branchwise.space.json.JsonValue;

import java.util.List;

/** A choice among JSON scalars; the internal representation is the index of the choice. */
public record CategoricalDistribution(List<JsonValue> choices) implements Distribution {
    public static final String NAME = "CategoricalDistribution";

    public CategoricalDistribution {
        choices = List.copyOf(choices);
        if (choices.isEmpty()) {
            throw new InvalidDistributionException("choices must contain one or more elements");
        }
    }

    @Override
    public String className() {
        return NAME;
    }

    @Override
    public boolean isSingle() {
        return choices.size() == 1;
    }

    @Override
    public boolean contains(double internal) {
        return internal >= 0 && internal < choices.size() && internal == Math.floor(internal);
    }

    public JsonValue toExternal(double internal) {
        if (!contains(internal)) {
            throw new IllegalArgumentException("index " + internal + " is not one of the " + choices.size() + " choices");
        }
        return choices.get((int) internal);
    }

    /** The index of the first choice equal (by Python's ==) to {@code external}. */
    public double toInternal(JsonValue external) {
        for (int i = 0; i < choices.size(); i++) {
            if (JsonValue.pythonEquals(choices.get(i), external)) {
                return i;
            }
        }
        throw new IllegalArgumentException("value is not among the choices " + choices);
    }
}
