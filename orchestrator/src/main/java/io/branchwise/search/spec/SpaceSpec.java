package io.branchwise.search.spec;

import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.SharingLayout;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * {@code space:}, the networks searched: a trunk of {@code trunkDepth} layers, then one branch of
 * {@code branchDepth} layers per group of tasks, every layer as wide as one of {@code widths}, with the hidden
 * layers' activation and dropout.
 *
 * @param maxBranches at most this many groups (branches)
 * @param activations null when the spec leaves the activation to {@code training:}
 * @param dropout     null when the spec leaves dropout to {@code training:}
 */
public record SpaceSpec(int minTrunkDepth, int maxTrunkDepth, int minBranchDepth, int maxBranchDepth,
                        List<Integer> widths, int maxBranches, GroupingChoice groupings, Activations activations,
                        Dropout dropout) {
    public SpaceSpec {
        widths = List.copyOf(widths);
    }

    /**
     * The layout with the fewest parameters of the space. Parameters grow with every depth and width, and each
     * group adds a branch of the same shape, so it is the shallowest, narrowest layout with the fewest groups; that
     * is one group unless the groupings are listed without it (an affinity run always proposes the single group).
     */
    public SharingLayout smallestLayout(List<String> tasks) {
        int narrowest = Collections.min(widths);
        List<List<String>> groups = groupings instanceof GroupingChoice.Listed listed
                ? listed.groupings().stream().min(Comparator.comparingInt(List::size)).orElseThrow()
                : List.of(tasks);
        return SharingLayout.grouped(Block.of(minTrunkDepth, narrowest), groups, Block.of(minBranchDepth, narrowest));
    }
}
