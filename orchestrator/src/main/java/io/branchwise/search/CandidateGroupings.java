package io.branchwise.search;

import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.grouping.Grouping;
import io.branchwise.space.grouping.TaskGrouping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The groupings an affinity run proposes: the best partition with at most 1, 2, …, {@code maxBranches} groups.
 * A larger budget may find the same partition as a smaller one (the extra group does not pay); duplicates are
 * dropped, so the search never weighs one grouping twice.
 */
final class CandidateGroupings {
    private CandidateGroupings() {
    }

    static List<Grouping> fromAffinity(AffinityMatrix affinity, int maxBranches) {
        Map<String, Grouping> byPartition = new LinkedHashMap<>();
        for (int k = 1; k <= maxBranches; k++) {
            Grouping g = TaskGrouping.builder().maxGroups(k).build().search(affinity);
            byPartition.putIfAbsent(g.partition(), g);
        }
        return new ArrayList<>(byPartition.values());
    }

    static List<List<List<String>>> groups(List<Grouping> groupings) {
        return groupings.stream().map(Grouping::groups).toList();
    }
}
