package io.branchwise.space.layout;

import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;

/**
 * How many trainable parameters a layout has and who shares them. Every parameter belongs to exactly one block or
 * head; {@code bySharingSet} maps the set of tasks whose predictions depend on it to the count, so a trunk shows
 * up under all its tasks and a head under its task alone.
 */
public record ParameterCount(long total, Map<SortedSet<String>, Long> bySharingSet) {

    public ParameterCount {
        bySharingSet = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bySharingSet));
    }

    /** Parameters used by two or more tasks. */
    public long shared() {
        long sum = 0;
        for (Map.Entry<SortedSet<String>, Long> e : bySharingSet.entrySet()) {
            if (e.getKey().size() > 1) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** Parameters only {@code task} uses: its own branch blocks and its head. */
    public long taskSpecific(String task) {
        for (Map.Entry<SortedSet<String>, Long> e : bySharingSet.entrySet()) {
            if (e.getKey().size() == 1 && e.getKey().first().equals(task)) {
                return e.getValue();
            }
        }
        return 0;
    }
}
