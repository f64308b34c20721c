package io.branchwise.space.layout;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One node of a {@link SharingLayout}: a block of layers, the task heads attached right after it, and the nodes
 * that branch off after it. Build nodes freely; {@link SharingLayout#of} puts them in canonical form.
 *
 * @param heads    tasks whose head (one dense layer to the task's output) reads this node's output
 * @param children sub-branches reading this node's output
 */
public record LayoutNode(Block block, SortedSet<String> heads, List<LayoutNode> children) {

    public LayoutNode {
        heads = Collections.unmodifiableSortedSet(new TreeSet<>(heads));
        children = List.copyOf(children);
    }

    public static LayoutNode leaf(Block block, java.util.Collection<String> heads) {
        return new LayoutNode(block, new TreeSet<>(heads), List.of());
    }

    /** Every task whose head sits in this subtree, sorted. */
    public SortedSet<String> tasks() {
        SortedSet<String> all = new TreeSet<>(heads);
        for (LayoutNode child : children) {
            all.addAll(child.tasks());
        }
        return all;
    }

    /** Sort key among siblings: task sets are disjoint, so the smallest task orders siblings uniquely. */
    String firstTask() {
        return tasks().first();
    }
}
