package io.branchwise.space.grouping;

import java.util.HashMap;
import java.util.Map;

/**
 * Agreement between two partitions of the same items, corrected for chance (Hubert & Arabie 1985): 1 for
 * identical partitions whatever their labels, about 0 for unrelated ones, negative for worse than chance.
 */
public final class AdjustedRandIndex {
    private AdjustedRandIndex() {
    }

    public static double of(int[] labelsA, int[] labelsB) {
        if (labelsA.length != labelsB.length) {
            throw new IllegalArgumentException("partitions of " + labelsA.length + " and " + labelsB.length + " items");
        }
        Map<Long, Integer> cells = new HashMap<>();
        Map<Integer, Integer> rows = new HashMap<>();
        Map<Integer, Integer> cols = new HashMap<>();
        for (int k = 0; k < labelsA.length; k++) {
            cells.merge(((long) labelsA[k] << 32) ^ (labelsB[k] & 0xffffffffL), 1, Integer::sum);
            rows.merge(labelsA[k], 1, Integer::sum);
            cols.merge(labelsB[k], 1, Integer::sum);
        }
        double index = cells.values().stream().mapToDouble(AdjustedRandIndex::pairs).sum();
        double sumA = rows.values().stream().mapToDouble(AdjustedRandIndex::pairs).sum();
        double sumB = cols.values().stream().mapToDouble(AdjustedRandIndex::pairs).sum();
        double total = pairs(labelsA.length);
        double expected = total == 0 ? 0 : sumA * sumB / total;
        double max = (sumA + sumB) / 2;
        // Equal max and expectation happen only when both partitions are the same trivial one (all together, or
        // all apart, or fewer than two items): they agree perfectly.
        if (max == expected) {
            return 1.0;
        }
        return (index - expected) / (max - expected);
    }

    private static double pairs(int count) {
        return count * (count - 1) / 2.0;
    }
}
