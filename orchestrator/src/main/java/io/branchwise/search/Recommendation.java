package io.branchwise.search;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trial a search recommends: the best Δm among the trials where no task is worse than its single-task baseline
 * by more than the spec's {@code max_task_drop}; when no trial manages that, the best Δm overall, flagged.
 *
 * @param activation      the hidden layers' activation; empty for a trial stored before it was recorded
 * @param dropout         the dropout rate; NaN for a trial stored before it was recorded
 * @param parameters      the layout's trainable parameters; -1 for a trial stored before they were counted
 * @param params          the trial's parameters in their external (Optuna user-facing) form
 * @param model           where the trainer saved the trial's model; empty when it saved none
 * @param withinTolerance false when no trial kept every task within the tolerance (then {@code note} says so)
 * @param verdict         the comparison on repeats this trial was chosen by; null when the search made none (one
 *                        seed), and then {@code comparison} is the single run's
 */
public record Recommendation(int trialNumber, Comparison comparison, String layoutTree, String weighting,
                             double learningRate, String activation, double dropout, long parameters,
                             Map<String, Object> params, String model, boolean withinTolerance, String note,
                             FinalRound.Verdict verdict) {
    public Recommendation {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public String layout() {
        return comparison.layout();
    }

    public double deltaM() {
        return comparison.deltaM();
    }

    /** The same recommendation, chosen by {@code verdict} (whose chosen finalist is this trial). */
    Recommendation onRepeats(FinalRound.Verdict verdict) {
        return new Recommendation(trialNumber, comparison, layoutTree, weighting, learningRate, activation, dropout,
                parameters, params, model, withinTolerance, note, verdict);
    }

    /** The same recommendation with {@code more} said after its note. */
    Recommendation withNote(String more) {
        return new Recommendation(trialNumber, comparison, layoutTree, weighting, learningRate, activation, dropout,
                parameters, params, model, withinTolerance, note.isEmpty() ? more : note + "; " + more, verdict);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial_number", trialNumber);
        m.put("layout", layout());
        m.put("layout_tree", layoutTree);
        m.put("weighting", weighting);
        m.put("learning_rate", learningRate);
        m.put("activation", activation);
        m.put("dropout", dropout);
        m.put("parameters", parameters);
        m.put("params", params);
        m.put("model", model);
        m.put("delta_m", deltaM());
        m.put("within_tolerance", withinTolerance);
        m.put("note", note);
        m.put("negative_transfer", comparison.negativeTransfer());
        m.put("tasks", SearchResult.rows(comparison));
        if (verdict != null) {
            // Δm and each task's Δ as the verdict measured them: mean over fresh seeds with 95% intervals.
            Map<String, Object> repeats = verdict.chosen().toMap(verdict.maxTaskDrop());
            repeats.put("seeds", verdict.seeds());
            m.put("repeats", repeats);
        }
        return m;
    }
}
