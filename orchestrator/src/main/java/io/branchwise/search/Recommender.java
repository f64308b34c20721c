package io.branchwise.search;

import io.branchwise.launcher.PlainJson;
import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.DistributionJson;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.Storage;
import io.branchwise.storage.TrialRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the trial to recommend from what the storage holds (so a resumed or restarted search recommends from every
 * trial, not only this run's): the best Δm among the complete trials whose every task is within
 * {@code maxTaskDrop} percent of its single-task baseline; failing that, the best Δm, flagged. Ties go to the
 * earlier trial.
 */
final class Recommender {
    private final Scoring scoring;
    private final double maxTaskDrop;

    Recommender(Scoring scoring, double maxTaskDrop) {
        this.scoring = scoring;
        this.maxTaskDrop = maxTaskDrop;
    }

    /** Null when no trial completed. */
    Recommendation recommend(Storage storage, long studyId) {
        TrialRecord bestWithin = null;
        Comparison bestWithinScore = null;
        TrialRecord bestAny = null;
        Comparison bestAnyScore = null;
        for (TrialRecord r : storage.trials(studyId, -1, List.of())) {
            if (r.state() != TrialState.COMPLETE) {
                continue;
            }
            Comparison c = score(r);
            if (c == null) {
                continue;
            }
            if (bestAnyScore == null || c.deltaM() > bestAnyScore.deltaM()) {
                bestAny = r;
                bestAnyScore = c;
            }
            if (c.worstDelta() >= -maxTaskDrop && (bestWithinScore == null || c.deltaM() > bestWithinScore.deltaM())) {
                bestWithin = r;
                bestWithinScore = c;
            }
        }
        if (bestAny == null) {
            return null;
        }
        boolean within = bestWithin != null;
        TrialRecord chosen = within ? bestWithin : bestAny;
        Comparison score = within ? bestWithinScore : bestAnyScore;
        String note = within ? "" : String.format(Locale.ROOT, "no trial kept every task within %.1f%% of its"
                + " single-task baseline; this is the best Δm, and %s lose against training alone", maxTaskDrop,
                score.negativeTransfer());
        return new Recommendation((int) chosen.number(), score, LayoutTree.render(SharingLayout.parse(score.layout())),
                describeWeighting(chosen), Baseline.number(attr(chosen, TrialAttributes.LEARNING_RATE)),
                externalParams(chosen), attr(chosen, TrialAttributes.MODEL) instanceof String m ? m : "", within, note);
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
