package io.branchwise.trainer.dl4j.training;

import io.branchwise.plugin.task.TaskHead;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which epoch's weights a training keeps: the one with the best validation score so far, and whether the patience
 * has run out. With one task the score is its metric (signed so that higher is better). With several it is Δm in the
 * sense of {@link io.branchwise.space.metric.DeltaM} — the mean over tasks of {@code s_t·(M_t − R_t)/|R_t|} — against
 * each task's reference: the search's single-task baseline when given, else the task's own first epoch. A reference
 * of 0 divides by 1 instead, and an epoch with a non-finite metric scores worst.
 */
final class EpochChoice {
    private final List<TaskHead> heads;
    private final Map<String, Double> references;
    private final int patience;
    private int best;
    private double bestScore = Double.NEGATIVE_INFINITY;

    EpochChoice(List<TaskHead> heads, Map<String, Double> references, int patience) {
        this.heads = List.copyOf(heads);
        this.references = new HashMap<>(references);
        this.patience = patience;
    }

    /** Scores {@code epoch} from its validation metrics; true when it is the best so far (ties keep the earlier). */
    boolean offer(int epoch, Map<String, Map<String, Double>> validation) {
        double score = score(validation);
        if (best == 0 || score > bestScore) {
            best = epoch;
            bestScore = score;
            return true;
        }
        return false;
    }

    double score(Map<String, Map<String, Double>> validation) {
        double sum = 0;
        for (TaskHead h : heads) {
            double m = validation.getOrDefault(h.name(), Map.of()).getOrDefault(h.metric(), Double.NaN);
            if (!Double.isFinite(m)) {
                return Double.NEGATIVE_INFINITY;
            }
            double sign = h.higherIsBetter(h.metric()) ? 1 : -1;
            if (heads.size() == 1) {
                return sign * m;
            }
            double reference = references.computeIfAbsent(h.name(), k -> m);
            double scale = reference == 0 || !Double.isFinite(reference) ? 1 : Math.abs(reference);
            sum += sign * (m - reference) / scale;
        }
        return sum / heads.size();
    }

    /** The kept epoch, 0 before any was offered. */
    int bestEpoch() {
        return best;
    }

    /** Whether {@code patience} epochs have passed since the best one (never, with patience 0). */
    boolean patienceSpent(int epoch) {
        return patience > 0 && best > 0 && epoch - best >= patience;
    }
}
