package io.branchwise.storage.query;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A study as a list of studies shows it, computed by aggregate queries rather than by loading its trials.
 *
 * @param tasks            the study's task names in vector order; empty for a plain Optuna study
 * @param trialCounts      trials per state; every state is present, zero when the study has none in it
 * @param bestValue        the best first-objective value of a COMPLETE trial by the first direction, NaN values
 *                         ignored; null when there is none
 * @param lastActivity     the latest start or completion time of any trial (Python datetime text); null when none
 * @param systemAttributes only the system attributes that were asked for (JSON text), so that large ones stay out
 * @param trialAttributeMax the largest finite number stored under the trial system attribute that was asked for,
 *                          among COMPLETE trials; null when none holds one (or none was asked for)
 */
public record StudySummary(long id, String name, List<StudyDirection> directions, List<String> tasks,
                           Map<TrialState, Long> trialCounts, Double bestValue, String lastActivity,
                           Map<String, String> systemAttributes, Double trialAttributeMax) {
    public StudySummary {
        directions = List.copyOf(directions);
        tasks = List.copyOf(tasks);
        Map<TrialState, Long> counts = new EnumMap<>(TrialState.class);
        for (TrialState s : TrialState.values()) {
            counts.put(s, trialCounts.getOrDefault(s, 0L));
        }
        trialCounts = Collections.unmodifiableMap(counts);
        systemAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(systemAttributes));
    }

    public long trialCount() {
        return trialCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
