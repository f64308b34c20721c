package io.branchwise.search.spec;

import java.util.List;

/**
 * {@code space:}, the sharing layouts searched: a trunk of {@code trunkDepth} layers, then one branch of
 * {@code branchDepth} layers per group of tasks, every layer as wide as one of {@code widths}.
 *
 * @param maxBranches at most this many groups (branches)
 */
public record SpaceSpec(int minTrunkDepth, int maxTrunkDepth, int minBranchDepth, int maxBranchDepth,
                        List<Integer> widths, int maxBranches, GroupingChoice groupings) {
    public SpaceSpec {
        widths = List.copyOf(widths);
    }
}
