package io.branchwise.builtin.task.metric;

/**
 * Counts of (true class, predicted class) pairs for a single-label classifier, and the scores read off them.
 * Counted once per evaluation so accuracy and macro-F1 share one pass over the rows.
 */
public final class ConfusionMatrix {
    private final long[][] counts;
    private final long total;

    private ConfusionMatrix(long[][] counts, long total) {
        this.counts = counts;
        this.total = total;
    }

    /** @throws IllegalArgumentException when the arrays differ in length or hold a class outside 0..classes−1 */
    public static ConfusionMatrix of(int[] truth, int[] predicted, int classes) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + predicted.length + " predictions");
        }
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            counts[check(truth[i], classes, i)][check(predicted[i], classes, i)]++;
        }
        return new ConfusionMatrix(counts, truth.length);
    }

    public int classes() {
        return counts.length;
    }

    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** Fraction of rows predicted right; NaN for no rows. */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < counts.length; c++) {
            right += counts[c][c];
        }
        return total == 0 ? Double.NaN : (double) right / total;
    }

    /**
     * F1 per class, averaged over the classes that occur among the labels or the predictions. A class absent from
     * both says nothing about the classifier (a small validation split may simply lack it), so it is left out
     * rather than counted as 0 or 1. NaN for no rows.
     */
    public double macroF1() {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < counts.length; c++) {
            long tp = counts[c][c];
            long fn = rowSum(c) - tp;
            long fp = columnSum(c) - tp;
            if (tp + fn + fp == 0) {
                continue;
            }
            sum += 2.0 * tp / (2.0 * tp + fp + fn);
            present++;
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    private long rowSum(int c) {
        long s = 0;
        for (long v : counts[c]) {
            s += v;
        }
        return s;
    }

    private long columnSum(int c) {
        long s = 0;
        for (long[] row : counts) {
            s += row[c];
        }
        return s;
    }

    private static int check(int label, int classes, int row) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("row " + row + ": class " + label + " outside 0.." + (classes - 1));
        }
        return label;
    }
}
