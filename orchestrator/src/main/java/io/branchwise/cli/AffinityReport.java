package io.branchwise.cli;

import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.grouping.Grouping;
import io.branchwise.space.grouping.TaskGrouping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The affinity part of {@code branchwise train}'s final table: the matrix, then the partitions the search would
 * propose from it. Off-diagonal affinities are often 10⁻⁵ to 10⁻⁴ (one look-ahead step changes a loss by very
 * little), so entries are printed in scientific notation; fixed decimals would show them all as zero.
 */
final class AffinityReport {
    /** The matrix, a row per task in the matrix's (the spec's) order, entries in scientific notation. */
    static List<String> matrix(AffinityMatrix z) {
        List<String> lines = new ArrayList<>();
        int name = Math.max(10, z.tasks().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder head = new StringBuilder(String.format("%-" + name + "s", ""));
        z.tasks().forEach(t -> head.append(String.format(" %10s", t)));
        lines.add(head.toString());
        for (int i = 0; i < z.size(); i++) {
            StringBuilder row = new StringBuilder(String.format("%-" + name + "s", z.tasks().get(i)));
            for (int j = 0; j < z.size(); j++) {
                row.append(String.format(java.util.Locale.ROOT, " %10.2e", z.get(i, j)));
            }
            lines.add(row.toString());
        }
        return lines;
    }

    /** Partitions are listed for budgets of 2 up to this many groups (fewer when there are fewer tasks). */
    static final int MAX_GROUPS_SHOWN = 4;

    private AffinityReport() {
    }

    static List<String> lines(AffinityMatrix z) {
        List<String> lines = new ArrayList<>();
        lines.add("affinity Z(row → column): how much a step on the row task's loss lowered the column task's loss");
        lines.addAll(matrix(z));
        if (z.size() < 2) {
            return lines;
        }
        lines.add("best grouping (TAG: the most affinity each task receives inside its group):");
        // A larger budget can find the same partition when an extra group does not pay; it is listed once.
        Set<String> seen = new LinkedHashSet<>();
        for (int k = 2; k <= Math.min(MAX_GROUPS_SHOWN, z.size()); k++) {
            Grouping g = TaskGrouping.builder().maxGroups(k).build().search(z);
            if (seen.add(g.partition())) {
                lines.add(String.format("  at most %d groups: %s  (score %.3e)", k, g.partition(), g.score()));
            }
        }
        return lines;
    }
}
