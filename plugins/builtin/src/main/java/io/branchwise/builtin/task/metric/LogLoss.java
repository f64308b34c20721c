package io.branchwise.builtin.task.metric;

/**
 * Cross-entropy of predicted probabilities against labels, in nats, averaged over rows. Probabilities are clipped
 * to [ε, 1 − ε] with ε = 1e−7: outputs arrive as float32, where a saturated sigmoid or softmax is exactly 0 or 1,
 * and one such row would otherwise make the mean infinite.
 */
public final class LogLoss {
    public static final double EPSILON = 1e-7;

    private LogLoss() {
    }

    /**
     * Multi-class: −mean log p(true class).
     *
     * @param probabilities rows × classes, row-major
     */
    public static double categorical(float[] probabilities, int[] labels, int classes) {
        if (probabilities.length != (long) labels.length * classes) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + labels.length + " rows × " + classes + " classes");
        }
        double sum = 0;
        for (int r = 0; r < labels.length; r++) {
            sum -= Math.log(clip(probabilities[r * classes + labels[r]]));
        }
        return labels.length == 0 ? Double.NaN : sum / labels.length;
    }

    /** Binary: −mean [y log p + (1 − y) log(1 − p)] over every (row, output) cell. */
    public static double binary(float[] probabilities, float[] labels) {
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + labels.length + " labels");
        }
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double p = clip(probabilities[i]);
            sum -= labels[i] >= 0.5f ? Math.log(p) : Math.log(1 - p);
        }
        return labels.length == 0 ? Double.NaN : sum / labels.length;
    }

    private static double clip(double p) {
        return Math.min(1 - EPSILON, Math.max(EPSILON, p));
    }
}
