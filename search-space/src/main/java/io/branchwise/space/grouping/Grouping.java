package io.branchwise.space.grouping;

import io.branchwise.space.layout.TaskPartitions;

import java.util.List;

/**
 * A partition of the tasks found by {@link TaskGrouping}.
 *
 * @param labels canonical block labels (restricted growth string) per task, in the matrix's task order
 * @param groups the groups as sorted task names, ordered by their smallest name
 * @param score  TAG's objective for this partition (see {@link TaskGrouping})
 * @param exact  true when every admissible partition was scored, false for a beam-search result
 */
public record Grouping(List<Integer> labels, List<List<String>> groups, double score, boolean exact) {

    public Grouping {
        labels = List.copyOf(labels);
        groups = groups.stream().map(List::copyOf).toList();
    }

    static Grouping of(List<String> tasks, int[] labels, double score, boolean exact) {
        int[] canonical = TaskPartitions.canonical(labels);
        return new Grouping(java.util.Arrays.stream(canonical).boxed().toList(), TaskPartitions.groups(tasks, canonical),
                score, exact);
    }

    public int[] labelArray() {
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The partition with tasks and groups in {@code taskOrder} (a spec's task order) instead of the alphabet's, for
     * people; {@link #partition()} stays the canonical form.
     */
    public String partition(List<String> taskOrder) {
        java.util.function.ToIntFunction<String> index = t -> {
            int i = taskOrder.indexOf(t);
            return i < 0 ? Integer.MAX_VALUE : i;
        };
        java.util.Comparator<String> order = java.util.Comparator.comparingInt(index);
        return groups.stream().map(g -> g.stream().sorted(order).toList())
                .sorted(java.util.Comparator.comparingInt(g -> index.applyAsInt(g.get(0))))
                .map(g -> "{" + String.join(",", g) + "}").collect(java.util.stream.Collectors.joining("|"));
    }

    /** The canonical partition string, the form of {@link io.branchwise.space.layout.LayoutSpace}'s grouping choices. */
    public String partition() {
        return groups.stream().map(g -> "{" + String.join(",", g) + "}").collect(java.util.stream.Collectors.joining("|"));
    }
}
