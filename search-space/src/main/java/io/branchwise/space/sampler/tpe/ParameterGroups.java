package io.branchwise.space.sampler.tpe;

import io.branchwise.space.distribution.Distribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Partitions the parameters seen so far into groups that always appeared together: each new trial splits every
 * group into the part it used and the part it did not, and its unseen parameters form a new group. In a
 * conditional space (say, an optimiser choice with per-optimiser learning rates) each branch becomes a group that
 * grouped multivariate TPE can model jointly. The first distribution seen for a name is kept.
 */
final class ParameterGroups {
    private final List<Map<String, Distribution>> groups = new ArrayList<>();

    ParameterGroups copy() {
        ParameterGroups c = new ParameterGroups();
        for (Map<String, Distribution> g : groups) {
            c.groups.add(new LinkedHashMap<>(g));
        }
        return c;
    }

    void add(Map<String, Distribution> trialSpace) {
        Set<String> unseen = new java.util.LinkedHashSet<>(trialSpace.keySet());
        List<Map<String, Distribution>> next = new ArrayList<>();
        for (Map<String, Distribution> g : groups) {
            Map<String, Distribution> used = new LinkedHashMap<>();
            Map<String, Distribution> unused = new LinkedHashMap<>();
            g.forEach((name, d) -> (trialSpace.containsKey(name) ? used : unused).put(name, d));
            unseen.removeAll(g.keySet());
            if (!used.isEmpty()) {
                next.add(used);
            }
            if (!unused.isEmpty()) {
                next.add(unused);
            }
        }
        Map<String, Distribution> fresh = new LinkedHashMap<>();
        for (String name : unseen) {
            fresh.put(name, trialSpace.get(name));
        }
        if (!fresh.isEmpty()) {
            next.add(fresh);
        }
        groups.clear();
        groups.addAll(next);
    }

    List<Map<String, Distribution>> groups() {
        return groups;
    }
}
