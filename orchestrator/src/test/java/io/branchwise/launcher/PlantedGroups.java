package io.branchwise.launcher;

import io.branchwise.space.layout.LayoutNode;
import io.branchwise.space.layout.SharingLayout;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The scripted trainer's model of transfer, so a search on the fixture has something to find: tasks are planted in
 * groups; sharing any layer with a task of the same group lowers a task's error by 10% per such task, sharing with
 * a task of another group raises it by 20% per task. A task alone (its single-task baseline, or its own branch
 * from the input) keeps its error: factor 1.
 */
public final class PlantedGroups {
    private final List<List<String>> groups;

    public PlantedGroups(List<List<String>> groups) {
        this.groups = groups;
    }

    /** The task's error relative to training it alone. */
    public double errorFactor(SharingLayout layout, String task) {
        Set<String> sharers = new TreeSet<>();
        collect(layout.root(), task, sharers);
        sharers.remove(task);
        double factor = 1.0;
        for (String other : sharers) {
            factor += friends(task, other) ? -0.1 : 0.2;
        }
        return factor;
    }

    /** Z(i→j): positive within a planted group, negative across. */
    public double affinity(String from, String to) {
        return from.equals(to) ? 0.0 : friends(from, to) ? 0.4 : -0.3;
    }

    private boolean friends(String a, String b) {
        return groups.stream().anyMatch(g -> g.contains(a) && g.contains(b));
    }

    /** Every task that shares a layer with {@code task}: those under any non-identity block on its path. */
    private static boolean collect(LayoutNode node, String task, Set<String> sharers) {
        if (!node.tasks().contains(task)) {
            return false;
        }
        if (!node.block().isIdentity()) {
            sharers.addAll(node.tasks());
        }
        for (LayoutNode child : node.children()) {
            collect(child, task, sharers);
        }
        return true;
    }
}
