package io.branchwise.search.spec;

import java.util.List;

/** {@code space.groupings}: which partitions of the tasks into branches the search may choose among. */
public sealed interface GroupingChoice {
    /** The best partitions for 1..max_branches groups according to a joint affinity run. */
    record Auto() implements GroupingChoice {
    }

    /** Every partition into at most max_branches groups. */
    record All() implements GroupingChoice {
    }

    /** The user's own list; each grouping is a list of groups of task names. */
    record Listed(List<List<List<String>>> groupings) implements GroupingChoice {
        public Listed {
            groupings = groupings.stream().map(g -> g.stream().map(List::copyOf).toList()).toList();
        }
    }
}
