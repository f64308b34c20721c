package io.branchwise.space.study;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What samplers and pruners read: the study's directions and its trials. Implementations may be backed by a
 * store (the orchestrator) or by memory ({@link InMemoryStudy}); algorithms must not care which.
 */
public interface StudyView {

    /** One direction per objective, in objective order. */
    List<StudyDirection> directions();

    /** Every trial of the study, ordered by number. */
    List<FrozenTrial> trials();

    default List<FrozenTrial> trials(Set<TrialState> states) {
        List<FrozenTrial> selected = new ArrayList<>();
        for (FrozenTrial t : trials()) {
            if (states.contains(t.state())) {
                selected.add(t);
            }
        }
        return selected;
    }

    default List<FrozenTrial> completeTrials() {
        return trials(EnumSet.of(TrialState.COMPLETE));
    }

    default boolean isMultiObjective() {
        return directions().size() > 1;
    }

    /** The single objective's direction; fails on a multi-objective study. */
    default StudyDirection direction() {
        if (isMultiObjective()) {
            throw new IllegalStateException("a multi-objective study has " + directions().size() + " directions");
        }
        return directions().get(0);
    }
}
