package io.branchwise.search;

/**
 * One task of a multi-task model next to its single-task baseline.
 *
 * @param deltaPercent Δ in percent of the baseline, positive = better (sign-adjusted for lower-is-better metrics)
 * @param baselineTest the baseline's metric on the test split; NaN when unknown
 * @param test         the model's metric on the test split; NaN when unknown
 */
public record TaskRow(String task, String metric, boolean higherIsBetter, double baseline, double value,
                      double deltaPercent, double baselineTest, double test) {
    /** The task does worse than alone: negative transfer. */
    public boolean negativeTransfer() {
        return deltaPercent < 0;
    }
}
