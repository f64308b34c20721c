package io.branchwise.builtin.task.metric;

/** Turning probability outputs into hard decisions, the one place the decision rules are written down. */
public final class Probabilities {
    /** A sigmoid output at or above this predicts the positive class. */
    public static final double THRESHOLD = 0.5;

    private Probabilities() {
    }

    /** Per row, the index of the largest of {@code width} outputs; the first one wins a tie. */
    public static int[] argmax(float[] outputs, int width) {
        int rows = outputs.length / width;
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            int best = 0;
            for (int k = 1; k < width; k++) {
                if (outputs[base + k] > outputs[base + best]) {
                    best = k;
                }
            }
            out[r] = best;
        }
        return out;
    }

    public static boolean positive(float probability) {
        return probability >= THRESHOLD;
    }
}
