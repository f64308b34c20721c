package io.branchwise.builtin.task.metric;

/**
 * Cell counts of a multi-label prediction (rows × labels of 0/1 decisions against 0/1 truths) and the scores
 * derived from them.
 */
public record MultilabelCounts(long truePositives, long falsePositives, long falseNegatives, long cells,
                               long exactRows, long rows) {

    /**
     * @param probabilities rows × labels, row-major; a cell predicts 1 at or above {@link Probabilities#THRESHOLD}
     * @param truths        the same shape, 0 or 1
     */
    public static MultilabelCounts of(float[] probabilities, float[] truths, int labels) {
        if (probabilities.length != truths.length || labels < 1 || truths.length % labels != 0) {
            throw new IllegalArgumentException(probabilities.length + " predictions for " + truths.length + " labels in rows of " + labels);
        }
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long exact = 0;
        int rows = truths.length / labels;
        for (int r = 0; r < rows; r++) {
            boolean allRight = true;
            for (int k = r * labels; k < (r + 1) * labels; k++) {
                boolean predicted = Probabilities.positive(probabilities[k]);
                boolean truth = truths[k] >= 0.5f;
                if (predicted && truth) {
                    tp++;
                } else if (predicted) {
                    fp++;
                } else if (truth) {
                    fn++;
                }
                allRight &= predicted == truth;
            }
            if (allRight) {
                exact++;
            }
        }
        return new MultilabelCounts(tp, fp, fn, truths.length, exact, rows);
    }

    /**
     * 2TP / (2TP + FP + FN) pooled over all cells. With no positive among truths or predictions there is nothing
     * to find and nothing was claimed wrongly, so the score is 1.
     */
    public double microF1() {
        long denominator = 2 * truePositives + falsePositives + falseNegatives;
        return denominator == 0 ? 1.0 : 2.0 * truePositives / denominator;
    }

    /** Fraction of cells predicted wrong (lower is better). */
    public double hammingLoss() {
        return cells == 0 ? Double.NaN : (double) (falsePositives + falseNegatives) / cells;
    }

    /** Fraction of rows whose every label is right. */
    public double subsetAccuracy() {
        return rows == 0 ? Double.NaN : (double) exactRows / rows;
    }
}
