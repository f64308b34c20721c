package io.branchwise.trainer.dl4j.network;

import io.branchwise.plugin.task.LossKind;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.ref.Reference;

/**
 * A head group's losses and gradients in plain Java loops, for outputs small enough that ND4J's per-op cost (tens of
 * µs per call: a softmax, a clip, a log, a product, a sum, an assignment per segment) outweighs the arithmetic — a
 * batch of 256 rows of a 10-class and a regression head is 2,816 values, a few µs of loops. The same formulas as
 * {@link HeadGroupLoss}'s ND4J path, in float where ND4J works in float.
 */
final class SmallOutputLoss {
    /** Outputs up to this many values take the Java path; larger ones are worth ND4J's vectorised kernels. */
    static final long MAX_VALUES = 1 << 16;

    private SmallOutputLoss() {
    }

    /**
     * Whether labels, output and gradient (when there is one) are float, dense and row-major (as the trainer makes
     * them), of one shape with {@code columns} columns, and small enough.
     */
    static boolean fits(INDArray labels, INDArray preOutput, INDArray gradient, int columns) {
        return dense(preOutput) && preOutput.size(1) == columns && preOutput.length() <= MAX_VALUES
                && dense(labels) && labels.equalShapes(preOutput)
                && (gradient == null || dense(gradient) && gradient.equalShapes(preOutput));
    }

    private static boolean dense(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.rank() == 2 && !x.isEmpty() && !(x.isAttached() && !x.isInScope())
                && (x.size(1) == 1 || x.stride(1) == 1) && (x.size(0) == 1 || x.stride(0) == x.size(1));
    }

    static float[] read(INDArray x) {
        float[] values = new float[(int) x.length()];
        new FloatPointer(x.data().addressPointer()).get(values); // the address includes a view's offset
        Reference.reachabilityFence(x); // it owns the memory the bare pointer reads
        return values;
    }

    static void write(float[] values, INDArray x) {
        new FloatPointer(x.data().addressPointer()).put(values);
        Reference.reachabilityFence(x);
    }

    /**
     * Adds each column's summed score to {@code columnScores} and, when {@code g} is not null, writes the unweighted
     * gradient with respect to the pre-activation into it.
     *
     * @param segments {first column, end column, kind ordinal}, as {@link HeadGroupLoss#segments} makes them
     */
    static void compute(int[][] segments, float[] z, float[] y, float[] g, int rows, int cols, double[] columnScores) {
        for (int[] seg : segments) {
            switch (LossKind.values()[seg[2]]) {
                case BINARY_CROSS_ENTROPY -> binaryCrossEntropy(seg, z, y, g, rows, cols, columnScores);
                case MSE -> squaredError(seg, z, y, g, rows, cols, columnScores);
                case MAE -> absoluteError(seg, z, y, g, rows, cols, columnScores);
                case SOFTMAX_CROSS_ENTROPY -> softmaxCrossEntropy(seg, z, y, g, rows, cols, columnScores);
            }
        }
    }

    /** −[y·ln p + (1−y)·ln(1−p)], p = σ(z) clipped to [1e-5, 1 − 1e-5] for the score; gradient σ(z) − y. */
    private static void binaryCrossEntropy(int[] seg, float[] z, float[] y, float[] g, int rows, int cols, double[] scores) {
        float low = (float) HeadGroupLoss.BCE_CLIP;
        float high = 1 - low;
        for (int r = 0; r < rows; r++) {
            for (int c = seg[0]; c < seg[1]; c++) {
                int i = r * cols + c;
                float p = (float) (1.0 / (1.0 + Math.exp(-z[i])));
                float clipped = atMost(atLeast(p, low), high);
                scores[c] -= y[i] * Math.log(clipped) + (1 - y[i]) * Math.log(1 - clipped);
                if (g != null) {
                    g[i] = p - y[i];
                }
            }
        }
    }

    private static void squaredError(int[] seg, float[] z, float[] y, float[] g, int rows, int cols, double[] scores) {
        for (int r = 0; r < rows; r++) {
            for (int c = seg[0]; c < seg[1]; c++) {
                int i = r * cols + c;
                float d = z[i] - y[i];
                scores[c] += d * d;
                if (g != null) {
                    g[i] = 2 * d;
                }
            }
        }
    }

    private static void absoluteError(int[] seg, float[] z, float[] y, float[] g, int rows, int cols, double[] scores) {
        for (int r = 0; r < rows; r++) {
            for (int c = seg[0]; c < seg[1]; c++) {
                int i = r * cols + c;
                float d = z[i] - y[i];
                scores[c] += Math.abs(d);
                if (g != null) {
                    g[i] = d > 0 ? 1 : d < 0 ? -1 : 0; // libnd4j's sign: 0 for NaN too
                }
            }
        }
    }

    /** One softmax block: −y·ln p per column (p clipped at 1e-10 for the score), gradient p − y. */
    private static void softmaxCrossEntropy(int[] seg, float[] z, float[] y, float[] g, int rows, int cols, double[] scores) {
        int width = seg[1] - seg[0];
        double[] e = new double[width];
        for (int r = 0; r < rows; r++) {
            int base = r * cols + seg[0];
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < width; j++) {
                max = Math.max(max, z[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < width; j++) {
                e[j] = Math.exp(z[base + j] - max);
                sum += e[j];
            }
            for (int j = 0; j < width; j++) {
                float p = (float) (e[j] / sum);
                float label = y[base + j];
                if (label != 0) { // ND4J adds 0·ln p; only an infinite ln p would tell, and the clip rules it out
                    scores[seg[0] + j] -= label * Math.log(atLeast(p, (float) HeadGroupLoss.SOFTMAX_CLIP));
                }
                if (g != null) {
                    g[base + j] = p - label;
                }
            }
        }
    }

    /** libnd4j's max: {@code a > b ? a : b}, so a NaN is clipped, not passed on (Math.max passes it on). */
    private static float atLeast(float a, float b) {
        return a > b ? a : b;
    }

    /** libnd4j's min: {@code a < b ? a : b}. */
    private static float atMost(float a, float b) {
        return a < b ? a : b;
    }
}
