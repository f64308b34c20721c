package io.branchwise.space.sampler;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyView;
import io.branchwise.space.study.TrialState;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters that every finished trial used with the same distribution: the joint space that relative
 * samplers (multivariate TPE, CMA-ES, NSGA-II, QMC) can model. Conditional parameters fall out of it and are left
 * to independent sampling. Ordered by name, so a joint vector's layout is stable.
 */
public final class IntersectionSearchSpace {
    private final boolean includePruned;

    public IntersectionSearchSpace(boolean includePruned) {
        this.includePruned = includePruned;
    }

    public Map<String, Distribution> of(StudyView study) {
        Map<String, Distribution> space = null;
        for (FrozenTrial t : study.trials()) {
            boolean counts = t.state() == TrialState.COMPLETE || (includePruned && t.state() == TrialState.PRUNED);
            if (!counts) {
                continue;
            }
            if (space == null) {
                space = new HashMap<>(t.distributions());
                continue;
            }
            space.entrySet().removeIf(e -> !e.getValue().equals(t.distributions().get(e.getKey())));
        }
        if (space == null) {
            return Map.of();
        }
        space.values().removeIf(Distribution::isSingle);
        return new TreeMap<>(space);
    }
}
