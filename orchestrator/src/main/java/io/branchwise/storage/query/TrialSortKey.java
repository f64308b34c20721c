package io.branchwise.storage.query;

/**
 * Where a row sits in a {@link TrialOrder}: the key a keyset page continues after.
 *
 * @param value the first objective value for the value orders; null when the trial has none (it sorts last)
 */
public record TrialSortKey(TrialOrder order, Double value, long number, long trialId) {
    public TrialSortKey {
        if (order == null) {
            throw new IllegalArgumentException("a sort key needs its order");
        }
        if (!order.byValue()) {
            value = null;
        }
    }

    public static TrialSortKey of(TrialOrder order, TrialRow row) {
        return new TrialSortKey(order, row.values().isEmpty() ? null : row.values().get(0), row.number(), row.id());
    }
}
