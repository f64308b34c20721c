package io.branchwise.storage.query;

/**
 * Keeps trials whose parameter {@code name} has an internal value within [min, max]: the number itself for float and
 * int parameters, the index of the choice for categorical ones. Trials without the parameter are left out.
 */
public record ParamRange(String name, double min, double max) {
    public ParamRange {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a parameter range needs a parameter name");
        }
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("parameter range of \"" + name + "\" is empty: [" + min + ", " + max + "]");
        }
    }
}
