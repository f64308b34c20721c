package io.branchwise.space.sampler.nsga;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyView;
import io.branchwise.space.study.TrialState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of a study's history that can no longer change, kept incrementally so a call costs only the trials
 * since the oldest unfinished one instead of the whole history. Every trial numbered below the cursor is finished,
 * and finished trials are immutable and never joined by lower-numbered ones, so what lies below the cursor is
 * append-only. COMPLETE trials past the cursor are handed back fresh on each refresh. One instance serves one study.
 */
final class SettledHistory {
    private int cursor;
    private final List<FrozenTrial> settled = new ArrayList<>();
    private Map<String, Distribution> settledSpace;

    /** Catches up with {@code study}; returns its usable COMPLETE trials at or past the cursor, by number. */
    List<FrozenTrial> refresh(StudyView study) {
        List<FrozenTrial> trials = study.trials();
        int objectives = study.directions().size();
        List<FrozenTrial> pending = new ArrayList<>();
        boolean blocked = false;
        for (int i = firstIndexFrom(trials, cursor); i < trials.size(); i++) {
            FrozenTrial t = trials.get(i);
            if (!t.state().isFinished()) {
                blocked = true;
                continue;
            }
            boolean usable = t.state() == TrialState.COMPLETE && t.values().size() == objectives;
            if (blocked) {
                if (usable) {
                    pending.add(t);
                }
                continue;
            }
            cursor = t.number() + 1;
            if (usable) {
                settled.add(t);
                settledSpace = intersect(settledSpace, t);
            }
        }
        return pending;
    }

    /** Usable COMPLETE trials below the cursor, by number; only ever grows. */
    List<FrozenTrial> settled() {
        return settled;
    }

    /**
     * The intersection search space over the usable COMPLETE trials (settled and {@code pending}), without
     * single-value distributions and ordered by name, as {@code IntersectionSearchSpace} defines it.
     */
    Map<String, Distribution> intersection(List<FrozenTrial> pending) {
        Map<String, Distribution> space = settledSpace == null ? null : new HashMap<>(settledSpace);
        for (FrozenTrial t : pending) {
            space = intersect(space, t);
        }
        if (space == null) {
            return Map.of();
        }
        space.values().removeIf(Distribution::isSingle);
        return new TreeMap<>(space);
    }

    private static Map<String, Distribution> intersect(Map<String, Distribution> space, FrozenTrial t) {
        if (space == null) {
            return new HashMap<>(t.distributions());
        }
        space.entrySet().removeIf(e -> !e.getValue().equals(t.distributions().get(e.getKey())));
        return space;
    }

    /** Trials are ordered by number, so the first at or past {@code number} is found by bisection. */
    private static int firstIndexFrom(List<FrozenTrial> trials, int number) {
        int lo = 0;
        int hi = trials.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (trials.get(mid).number() < number) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
