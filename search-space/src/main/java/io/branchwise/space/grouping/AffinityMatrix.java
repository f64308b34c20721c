package io.branchwise.space.grouping;

import java.util.HashSet;
import java.util.List;

/**
 * Inter-task affinity as TAG measures it: {@code get(i, j)} is Z(i→j) = 1 − L_j(after) / L_j(before), how much a
 * look-ahead step on task i's gradient alone lowered task j's loss. Positive means i helps j. Not symmetric; the
 * diagonal is kept but never used for grouping.
 */
public final class AffinityMatrix {
    private final List<String> tasks;
    private final double[][] z;

    public AffinityMatrix(List<String> tasks, double[][] z) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("an affinity matrix needs at least one task");
        }
        if (new HashSet<>(tasks).size() != tasks.size()) {
            throw new IllegalArgumentException("task names must be distinct: " + tasks);
        }
        if (z.length != tasks.size()) {
            throw new IllegalArgumentException("affinity matrix has " + z.length + " rows for " + tasks.size() + " tasks");
        }
        this.tasks = List.copyOf(tasks);
        this.z = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            if (z[i].length != z.length) {
                throw new IllegalArgumentException("affinity matrix must be square: row " + i + " has " + z[i].length
                        + " entries, not " + z.length);
            }
            for (int j = 0; j < z.length; j++) {
                if (!Double.isFinite(z[i][j])) {
                    throw new IllegalArgumentException("affinity Z(" + tasks.get(i) + "→" + tasks.get(j) + ") is "
                            + z[i][j] + "; every entry must be finite");
                }
            }
            this.z[i] = z[i].clone();
        }
    }

    public List<String> tasks() {
        return tasks;
    }

    public int size() {
        return tasks.size();
    }

    /** Z(i→j): the effect of task i's step on task j's loss. */
    public double get(int i, int j) {
        return z[i][j];
    }
}
