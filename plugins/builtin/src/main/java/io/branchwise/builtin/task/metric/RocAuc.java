package io.branchwise.builtin.task.metric;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Area under the ROC curve, computed exactly from the rank-sum (Mann–Whitney U) statistic:
 * AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ n₋), where R₊ is the sum of the positives' ranks among all scores. Tied scores
 * share the mean of the ranks they span (mid-ranks), so a tie between a positive and a negative counts ½, the
 * same as the trapezoid under the ROC curve.
 *
 * <p>When the labels hold only one class the area is undefined and the result is NaN: a split with no positives
 * (or no negatives) cannot rank anything, and any number would be made up.
 */
public final class RocAuc {
    private RocAuc() {
    }

    /** @param labels 0 or 1 per row (≥ 0.5 counts as positive) */
    public static double of(float[] scores, float[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + labels.length + " labels");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            // Ranks start..end (0-based) become 1-based start+1..end+1; their mean is the mid-rank.
            double midRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                if (labels[order[k]] >= 0.5f) {
                    positiveRankSum += midRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
