package io.branchwise.space.sampler.tpe;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyView;
import io.branchwise.space.study.TrialState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a sampler remembers of one study between calls. Finished trials never change and the trial list only
 * grows, so the leading run of finished trials is folded in once: observations, the intersection search space
 * and the co-occurrence groups. Each call then only reads the trials after that run (usually just the one being
 * sampled; more with parallel workers).
 */
final class TrialHistory {
    private StudyView study;
    private int folded;
    private Observations committed;
    private Map<String, Distribution> intersection;
    private ParameterGroups groups;
    private Observations lastObserved;
    private int lastCommitted;
    private final List<FrozenTrial> lastTail = new ArrayList<>();

    /**
     * The observations as of now: the folded prefix plus finished (and, for the liar, running) later trials. That
     * is the committed history itself when no such later trial exists (the usual case), else a copy extended with
     * them, which comes back again while they stay the same. An object only ever grows, so callers may cache what
     * they derive from it by identity and size.
     */
    Observations observe(StudyView current, int sampledTrial, boolean includeRunning) {
        List<FrozenTrial> trials = catchUp(current);
        List<FrozenTrial> tail = new ArrayList<>();
        for (int i = folded; i < trials.size(); i++) {
            FrozenTrial t = trials.get(i);
            boolean running = t.state() == TrialState.RUNNING && t.number() != sampledTrial;
            if (t.state().isFinished() || (includeRunning && running)) {
                tail.add(t);
            }
        }
        if (tail.isEmpty()) {
            return committed;
        }
        if (lastObserved != null && lastCommitted == committed.size() && sameObjects(tail)) {
            return lastObserved;
        }
        Observations all = committed.copy();
        tail.forEach(all::add);
        lastObserved = all;
        lastCommitted = committed.size();
        lastTail.clear();
        lastTail.addAll(tail);
        return all;
    }

    private boolean sameObjects(List<FrozenTrial> tail) {
        if (tail.size() != lastTail.size()) {
            return false;
        }
        for (int i = 0; i < tail.size(); i++) {
            if (tail.get(i) != lastTail.get(i)) {
                return false;
            }
        }
        return true;
    }

    Observations committed() {
        return committed;
    }

    /** Parameters every COMPLETE or PRUNED trial drew from the same, non-single distribution, by name. */
    Map<String, Distribution> intersection(StudyView current) {
        List<FrozenTrial> trials = catchUp(current);
        Map<String, Distribution> space = intersection == null ? null : new TreeMap<>(intersection);
        for (int i = folded; i < trials.size(); i++) {
            space = intersect(space, trials.get(i));
        }
        if (space == null) {
            return Map.of();
        }
        space.values().removeIf(Distribution::isSingle);
        return space;
    }

    /** Groups of parameters that always occur together, over COMPLETE and PRUNED trials. */
    List<Map<String, Distribution>> groups(StudyView current) {
        List<FrozenTrial> trials = catchUp(current);
        ParameterGroups all = groups.copy();
        for (int i = folded; i < trials.size(); i++) {
            if (counts(trials.get(i))) {
                all.add(trials.get(i).distributions());
            }
        }
        List<Map<String, Distribution>> out = new ArrayList<>();
        for (Map<String, Distribution> g : all.groups()) {
            Map<String, Distribution> kept = new TreeMap<>(g);
            kept.values().removeIf(Distribution::isSingle);
            if (!kept.isEmpty()) {
                out.add(kept);
            }
        }
        return out;
    }

    private List<FrozenTrial> catchUp(StudyView current) {
        List<FrozenTrial> trials = current.trials();
        if (current != study || trials.size() < folded) {
            study = current;
            folded = 0;
            lastObserved = null;
            committed = new Observations(current.directions());
            intersection = null;
            groups = new ParameterGroups();
        }
        while (folded < trials.size() && trials.get(folded).state().isFinished()) {
            FrozenTrial t = trials.get(folded);
            committed.add(t);
            intersection = intersect(intersection, t);
            if (counts(t)) {
                groups.add(t.distributions());
            }
            folded++;
        }
        return trials;
    }

    private static boolean counts(FrozenTrial t) {
        return t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED;
    }

    private static Map<String, Distribution> intersect(Map<String, Distribution> space, FrozenTrial t) {
        if (!counts(t)) {
            return space;
        }
        if (space == null) {
            return new TreeMap<>(t.distributions());
        }
        space.entrySet().removeIf(e -> !e.getValue().equals(t.distributions().get(e.getKey())));
        return space;
    }
}
