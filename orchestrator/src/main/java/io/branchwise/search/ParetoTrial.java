package io.branchwise.search;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A member of a per-task search's Pareto set: a complete trial that no other complete trial matches or beats on
 * every task's validation metric while beating it on one.
 *
 * @param parameters the layout's trainable parameters; -1 for a trial stored before they were counted
 */
public record ParetoTrial(int trialNumber, Comparison comparison, String weighting, long parameters) {
    public String layout() {
        return comparison.layout();
    }

    public double deltaM() {
        return comparison.deltaM();
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial_number", trialNumber);
        m.put("layout", layout());
        m.put("weighting", weighting);
        m.put("parameters", parameters);
        m.put("delta_m", deltaM());
        m.put("negative_transfer", comparison.negativeTransfer());
        m.put("tasks", SearchResult.rows(comparison));
        return m;
    }
}
