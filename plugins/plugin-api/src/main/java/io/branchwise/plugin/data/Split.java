package io.branchwise.plugin.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One split (train, validation or test) of a data set, held in memory as flat arrays: features row-major
 * ({@code rows × featureCount}) and one float per row per target column. Flat float arrays go into a trainer's
 * tensors without a copy per row.
 */
public record Split(int rows, int featureCount, float[] features, Map<String, float[]> targets) {
    public Split {
        if (rows < 0 || featureCount < 1) {
            throw new IllegalArgumentException("a split needs rows ≥ 0 and at least one feature, got " + rows + "×" + featureCount);
        }
        if (features.length != (long) rows * featureCount) {
            throw new IllegalArgumentException("features hold " + features.length + " values, expected " + rows + "×" + featureCount);
        }
        for (Map.Entry<String, float[]> t : targets.entrySet()) {
            if (t.getValue().length != rows) {
                throw new IllegalArgumentException("target " + t.getKey() + " has " + t.getValue().length + " rows, expected " + rows);
            }
        }
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    /** The values of one target column; fails naming the known columns. */
    public float[] target(String name) {
        float[] t = targets.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no target column \"" + name + "\"; known: " + targets.keySet());
        }
        return t;
    }

    /** Rows {@code [from, to)} as a new split (copies). */
    public Split rows(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + rows);
        }
        float[] f = java.util.Arrays.copyOfRange(features, from * featureCount, to * featureCount);
        Map<String, float[]> t = new LinkedHashMap<>();
        targets.forEach((k, v) -> t.put(k, java.util.Arrays.copyOfRange(v, from, to)));
        return new Split(to - from, featureCount, f, t);
    }
}
