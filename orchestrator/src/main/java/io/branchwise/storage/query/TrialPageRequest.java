package io.branchwise.storage.query;

import io.branchwise.space.study.TrialState;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One page of a study's trials.
 *
 * @param states               the states to keep; empty keeps all
 * @param after                continue after this row (from the previous page); null for the first page
 * @param limit                at most this many rows
 * @param systemAttributeKeys  the system attributes each row carries
 */
public record TrialPageRequest(Set<TrialState> states, TrialOrder order, List<ParamRange> paramRanges,
                               TrialSortKey after, int limit, Set<String> systemAttributeKeys) {
    public TrialPageRequest {
        states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
        paramRanges = List.copyOf(paramRanges);
        systemAttributeKeys = Set.copyOf(systemAttributeKeys);
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one trial, not " + limit);
        }
        if (after != null && after.order() != order) {
            throw new IllegalArgumentException("a page ordered by " + order + " cannot continue after a row of "
                    + after.order());
        }
    }
}
