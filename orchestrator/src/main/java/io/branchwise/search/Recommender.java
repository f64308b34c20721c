package io.branchwise.search;

import io.branchwise.json.PlainJson;
import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.DistributionJson;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.pareto.Dominance;
import io.branchwise.space.pareto.NonDominatedSort;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.Storage;
import io.branchwise.storage.TrialRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the trial to recommend from what the storage holds (so a resumed or restarted search recommends from every
 * trial, not only this run's): the best Δm among the complete trials whose every task is within
 * {@code maxTaskDrop} percent of its single-task baseline; failing that, the best Δm, flagged. Ties go to the
 * earlier trial. A trial over the parameter budget is never a candidate.
 *
 * <p>For a per-task search it also finds the Pareto set, and picks among it. That loses nothing: a trial that
 * dominates another is no worse on any task, so it has the higher Δm and is within the tolerance whenever the other
 * is. Picking from the set still makes the promise explicit.
 */
final class Recommender {
    private final Scoring scoring;
    private final double maxTaskDrop;
    private final boolean perTask;

    Recommender(Scoring scoring, double maxTaskDrop, boolean perTask) {
        this.scoring = scoring;
        this.maxTaskDrop = maxTaskDrop;
        this.perTask = perTask;
    }

    /**
     * @param recommendation null when no trial completed
     * @param paretoSet      empty unless the search is per-task; in trial-number order
     */
    record Outcome(Recommendation recommendation, List<ParetoTrial> paretoSet) {
    }

    private record Scored(TrialRecord trial, Comparison comparison) {
    }

    Outcome recommend(Storage storage, long studyId) {
        List<Scored> scored = new ArrayList<>();
        List<TrialRecord> trials = new ArrayList<>(storage.trials(studyId, -1, List.of()));
        trials.sort(Comparator.comparingLong(TrialRecord::number));
        for (TrialRecord r : trials) {
            if (r.state() != TrialState.COMPLETE || !feasible(r)
                    || r.systemAttributes().containsKey(TrialAttributes.DUPLICATE_OF)) {
                continue;
            }
            Comparison c = score(r);
            if (c != null) {
                scored.add(new Scored(r, c));
            }
        }
        List<Scored> pareto = perTask ? paretoSet(scored) : List.of();
        Recommendation recommendation = choose(perTask ? pareto : scored);
        return new Outcome(recommendation, pareto.stream().map(s -> new ParetoTrial((int) s.trial().number(),
                s.comparison(), describeWeighting(s.trial()), parameters(s.trial()))).toList());
    }

    /** The trials no other beats: each task's metric, turned so that smaller is better, never worse and once better. */
    private static List<Scored> paretoSet(List<Scored> scored) {
        double[][] points = new double[scored.size()][];
        for (int i = 0; i < points.length; i++) {
            List<TaskRow> rows = scored.get(i).comparison().rows();
            points[i] = Dominance.toMinimization(rows.stream().map(TaskRow::value).toList(), rows.stream()
                    .map(r -> r.higherIsBetter() ? StudyDirection.MAXIMIZE : StudyDirection.MINIMIZE).toList());
        }
        return NonDominatedSort.paretoFront(points).stream().sorted().map(scored::get).toList();
    }

    private Recommendation choose(List<Scored> candidates) {
        Scored bestWithin = null;
        Scored bestAny = null;
        for (Scored s : candidates) {
            double deltaM = s.comparison().deltaM();
            if (bestAny == null || deltaM > bestAny.comparison().deltaM()) {
                bestAny = s;
            }
            if (s.comparison().worstDelta() >= -maxTaskDrop
                    && (bestWithin == null || deltaM > bestWithin.comparison().deltaM())) {
                bestWithin = s;
            }
        }
        if (bestAny == null) {
            return null;
        }
        boolean within = bestWithin != null;
        Scored chosen = within ? bestWithin : bestAny;
        String note = within ? "" : String.format(Locale.ROOT, "no %s kept every task within %.1f%% of its"
                + " single-task baseline; this is the best Δm, and %s lose against training alone",
                perTask ? "trial of the Pareto set" : "trial", maxTaskDrop, chosen.comparison().negativeTransfer());
        return recommendation(chosen, within, note);
    }

    /**
     * Trial {@code number} as the recommendation, as the verdict on repeats chose it; null when it is not a scored
     * complete trial.
     */
    Recommendation recommendTrial(Storage storage, long studyId, int number, boolean within, String note) {
        for (TrialRecord r : storage.trials(studyId, -1, List.of())) {
            if (r.number() == number && r.state() == TrialState.COMPLETE) {
                Comparison c = score(r);
                return c == null ? null : recommendation(new Scored(r, c), within, note);
            }
        }
        return null;
    }

    private Recommendation recommendation(Scored chosen, boolean within, String note) {
        Comparison score = chosen.comparison();
        TrialRecord r = chosen.trial();
        return new Recommendation((int) r.number(), score, LayoutTree.render(SharingLayout.parse(score.layout())),
                describeWeighting(r), Baseline.number(attr(r, TrialAttributes.LEARNING_RATE)),
                attr(r, TrialAttributes.ACTIVATION) instanceof String a ? a : "",
                Baseline.number(attr(r, TrialAttributes.DROPOUT)), parameters(r), externalParams(r),
                attr(r, TrialAttributes.MODEL) instanceof String m ? m : "", within, note, null);
    }

    /** Within the parameter budget by its stored constraint values (Optuna's rule: all ≤ 0), or never held to one. */
    private static boolean feasible(TrialRecord r) {
        if (r.systemAttributes().containsKey(TrialAttributes.INFEASIBLE)) {
            return false;
        }
        return !(attr(r, TrialAttributes.CONSTRAINTS) instanceof List<?> values)
                || values.stream().allMatch(v -> Baseline.number(v) <= 0.0);
    }

    private static long parameters(TrialRecord r) {
        return attr(r, TrialAttributes.PARAMETERS) instanceof Number n ? n.longValue() : -1;
    }

    /** The trial's comparison recomputed from its stored metrics; null when they are missing. */
    private Comparison score(TrialRecord r) {
        Object layout = attr(r, TrialAttributes.LAYOUT);
        Object validation = attr(r, TrialAttributes.VALIDATION);
        Object test = attr(r, TrialAttributes.TEST);
        if (!(layout instanceof String l) || !(validation instanceof Map<?, ?>)) {
            return null;
        }
        try {
            return scoring.compare(l, Baseline.metricsByTask(validation), Baseline.metricsByTask(test));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Object attr(TrialRecord r, String key) {
        String json = r.systemAttributes().get(key);
        return json == null ? null : PlainJson.read(json);
    }

    private static String describeWeighting(TrialRecord r) {
        if (!(attr(r, TrialAttributes.WEIGHTING) instanceof Map<?, ?> w)) {
            return "";
        }
        StringBuilder out = new StringBuilder(String.valueOf(w.get("method")));
        Map<Object, Object> rest = new LinkedHashMap<>(w);
        rest.remove("method");
        if (!rest.isEmpty()) {
            out.append(' ').append(rest);
        }
        return out.toString();
    }

    /** Parameters as a person (and Optuna's {@code trial.params}) sees them: choices, not their indices. */
    static Map<String, Object> externalParams(TrialRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        r.params().forEach((name, internal) -> {
            Distribution d = DistributionJson.parse(r.distributions().get(name));
            Object external;
            if (d instanceof CategoricalDistribution c) {
                external = PlainJson.fromJson(c.toExternal(internal));
            } else if (d instanceof IntDistribution i) {
                external = i.toExternal(internal);
            } else {
                external = internal;
            }
            out.put(name, external);
        });
        return out;
    }
}
