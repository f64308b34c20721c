package io.branchwise.builtin.task.metric;

/**
 * Error scores of a regression head with one or more outputs. Each is computed per output and then averaged over
 * outputs with equal weight (as scikit-learn's {@code multioutput="uniform_average"}), so an output with a large
 * scale does not drown the others.
 *
 * @param rmse root mean squared error
 * @param mae  mean absolute error
 * @param r2   coefficient of determination 1 − SSE/SST. For an output whose true values are all equal (SST = 0)
 *             it is 1 when the predictions are exact and 0 otherwise, rather than ±∞ or NaN.
 */
public record RegressionScores(double rmse, double mae, double r2) {

    /** @param predictions and {@code truths}: rows × outputs, row-major */
    public static RegressionScores of(float[] predictions, float[] truths, int outputs) {
        if (predictions.length != truths.length || outputs < 1 || truths.length % outputs != 0) {
            throw new IllegalArgumentException(predictions.length + " predictions for " + truths.length + " values in rows of " + outputs);
        }
        int rows = truths.length / outputs;
        if (rows == 0) {
            return new RegressionScores(Double.NaN, Double.NaN, Double.NaN);
        }
        double rmse = 0;
        double mae = 0;
        double r2 = 0;
        for (int k = 0; k < outputs; k++) {
            double mean = 0;
            for (int r = 0; r < rows; r++) {
                mean += truths[r * outputs + k];
            }
            mean /= rows;
            double sse = 0;
            double sae = 0;
            double sst = 0;
            for (int r = 0; r < rows; r++) {
                double y = truths[r * outputs + k];
                double e = predictions[r * outputs + k] - y;
                sse += e * e;
                sae += Math.abs(e);
                sst += (y - mean) * (y - mean);
            }
            rmse += Math.sqrt(sse / rows);
            mae += sae / rows;
            r2 += sst == 0 ? (sse == 0 ? 1.0 : 0.0) : 1 - sse / sst;
        }
        return new RegressionScores(rmse / outputs, mae / outputs, r2 / outputs);
    }
}
