package io.branchwise.storage.query;

/**
 * How a page of trials is ordered. By value means the first objective; trials without one (running, failed) come
 * last in both directions, and NaN counts as larger than every number, as H2 and {@link Double#compare} order it.
 * Ties are broken by trial id, in the same direction as the value.
 */
public enum TrialOrder {
    NUMBER(false, false), NUMBER_DESCENDING(false, true), VALUE(true, false), VALUE_DESCENDING(true, true);

    private final boolean byValue;
    private final boolean descending;

    TrialOrder(boolean byValue, boolean descending) {
        this.byValue = byValue;
        this.descending = descending;
    }

    public boolean byValue() {
        return byValue;
    }

    public boolean descending() {
        return descending;
    }
}
