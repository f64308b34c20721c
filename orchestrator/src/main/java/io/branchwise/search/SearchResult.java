package io.branchwise.search;

import io.branchwise.json.AffinityJson;
import io.branchwise.search.spec.SearchSettings;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.grouping.Grouping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a search ended: its baselines, the affinity and candidate groupings, the two reference layouts, the
 * recommendation (null when no trial completed), a per-task search's Pareto set and the trial counts.
 *
 * @param objective  {@code delta_m} or {@code per_task} ({@link io.branchwise.search.spec.SearchSettings})
 * @param references by name ({@code hard_sharing}, {@code task_specific}); missing when a reference failed
 * @param affinity   null when the groupings were not chosen from an affinity run
 * @param reason     why a search stopped early; empty for a complete one
 * @param paretoSet  the non-dominated complete trials of a per-task search, by trial number; empty for delta_m
 * @param floors     per task, the trivial predictor and the linear model every model must beat
 * @param verdict    the comparison on repeats when {@code search.seeds} > 1; null otherwise
 * @param pruneAudit the pruned trials trained to the end when {@code search.pruner.audit}; null otherwise
 */
public record SearchResult(long studyId, String studyName, Status status, String reason, String objective,
                           SearchListener.Progress progress, List<Baseline> baselines, List<TaskFloor> floors,
                           AffinityMatrix affinity,
                           List<Grouping> candidates, Map<String, Comparison> references,
                           Recommendation recommendation, List<ParetoTrial> paretoSet, FinalRound.Verdict verdict,
                           PrunerAudit.Result pruneAudit) {
    public enum Status { COMPLETE, STOPPED }

    public SearchResult {
        baselines = List.copyOf(baselines);
        floors = List.copyOf(floors);
        candidates = List.copyOf(candidates);
        references = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(references));
        paretoSet = List.copyOf(paretoSet);
    }

    public boolean perTaskObjectives() {
        return SearchSettings.PER_TASK.equals(objective);
    }

    /** The whole result as plain maps and lists, for {@code --json} (and later the REST API). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("study", studyName);
        m.put("study_id", studyId);
        m.put("status", status.name());
        m.put("reason", reason);
        m.put("objective", perTaskObjectives()
                ? "per_task: each task's validation metric in its own direction (Pareto); delta_m percent, positive ="
                + " better, for the recommendation"
                : "delta_m percent, positive = better");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("wanted", progress.wanted());
        p.put("complete", progress.complete());
        p.put("pruned", progress.pruned());
        p.put("failed", progress.failed());
        p.put("interrupted", progress.interrupted());
        p.put("infeasible", progress.infeasible());
        p.put("best_delta_m", progress.bestDeltaM());
        m.put("trials", p);
        List<Object> b = new ArrayList<>();
        baselines.forEach(x -> b.add(x.toMap()));
        m.put("baselines", b);
        m.put("floors", floors.stream().map(f -> (Object) f.toMap()).toList());
        m.put("affinity", affinity == null ? null : AffinityJson.write(affinity));
        m.put("candidate_groupings", candidates.stream().map(g -> (Object) g.groups()).toList());
        Map<String, Object> refs = new LinkedHashMap<>();
        references.forEach((name, c) -> refs.put(name, comparisonMap(c)));
        m.put("references", refs);
        m.put("recommendation", recommendation == null ? null : recommendation.toMap());
        m.put("pareto_set", perTaskObjectives() ? paretoMaps(paretoSet) : null);
        m.put("verdict", verdict == null ? null : verdict.toMap());
        m.put("pruner_audit", pruneAudit == null ? null : pruneAudit.toMap());
        return m;
    }

    static List<Object> paretoMaps(List<ParetoTrial> paretoSet) {
        return paretoSet.stream().map(p -> (Object) p.toMap()).toList();
    }

    static Map<String, Object> comparisonMap(Comparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layout", c.layout());
        m.put("delta_m", c.deltaM());
        m.put("negative_transfer", c.negativeTransfer());
        m.put("tasks", rows(c));
        return m;
    }

    static List<Object> rows(Comparison c) {
        List<Object> rows = new ArrayList<>();
        for (TaskRow r : c.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("task", r.task());
            row.put("metric", r.metric());
            row.put("higher_is_better", r.higherIsBetter());
            row.put("stl", r.baseline());
            row.put("value", r.value());
            row.put("delta_percent", r.deltaPercent());
            row.put("negative_transfer", r.negativeTransfer());
            row.put("stl_test", r.baselineTest());
            row.put("test", r.test());
            rows.add(row);
        }
        return rows;
    }
}
