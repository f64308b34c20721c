package io.branchwise.trainer.dl4j.network;

import io.branchwise.plugin.task.LossKind;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.common.primitives.Pair;

import java.util.Arrays;

/**
 * The losses of several task heads that hang off the same layer and are computed as one output layer: one matrix
 * product for all of them instead of one output layer, with its dozens of native calls, per task. The output's
 * columns are the heads side by side in the spec's order; a run of adjacent heads of one kind (all binary, all
 * regression: the usual multi-label or multi-target table) is one segment whose loss and gradient take a handful of
 * native calls whatever the number of tasks; softmax heads are a segment each.
 *
 * <p>Numbers are DL4J's own losses' (LossBinaryXENT with its 1e-5 clipping of the score, LossMSE and LossMAE averaged
 * over a head's outputs, LossMCXENT on softmax), each head weighted by its own per-step weight; per-head unweighted
 * scores are remembered for the trainer. The activation passed in is ignored: this loss applies each head's own
 * ({@link HeadGroupActivation}), and never writes into the pre-activation.
 *
 * <p>Jackson (DL4J's configuration JSON, saved with the model) serialises the fields {@code kinds}, {@code widths}
 * and {@code weights}.
 */
public final class HeadGroupLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;
    static final double BCE_CLIP = 1e-5;
    static final double SOFTMAX_CLIP = 1e-10;

    private LossKind[] kinds;
    private int[] widths;
    private double[] weights;
    private transient double[] lastScores;
    private transient long lastRows;
    private transient int[] offsets;
    private transient int[][] segments;

    /** For Jackson. */
    private HeadGroupLoss() {
    }

    /** Heads in column order. */
    HeadGroupLoss(LossKind[] kinds, int[] widths) {
        this.kinds = kinds.clone();
        this.widths = widths.clone();
        this.weights = new double[kinds.length];
        Arrays.fill(weights, 1.0);
    }

    int heads() {
        return kinds.length;
    }

    /** Head {@code i}'s weight and last score, as the trainer sees a task's loss. */
    HeadLoss head(int i) {
        return new HeadLoss() {
            @Override
            public void setWeight(double weight) {
                if (!Double.isFinite(weight)) {
                    throw new IllegalArgumentException("a loss weight must be finite, got " + weight);
                }
                weights[i] = weight;
            }

            @Override
            public double lastMeanScore() {
                return lastRows == 0 || lastScores == null ? Double.NaN : lastScores[i] / lastRows;
            }
        };
    }

    private int[] offsets() {
        if (offsets == null) {
            offsets = new int[kinds.length + 1];
            for (int i = 0; i < kinds.length; i++) {
                offsets[i + 1] = offsets[i] + widths[i];
            }
        }
        return offsets;
    }

    /**
     * Column ranges computed together: a run of adjacent same-kind heads, except softmax heads, one block each.
     *
     * @return per segment {first column, end column, kind ordinal}
     */
    static int[][] segments(LossKind[] kinds, int[] widths) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        int from = 0;
        int h = 0;
        while (h < kinds.length) {
            int to = from + widths[h];
            int end = h + 1;
            if (kinds[h] != LossKind.SOFTMAX_CROSS_ENTROPY) {
                while (end < kinds.length && kinds[end] == kinds[h]) {
                    to += widths[end++];
                }
            }
            out.add(new int[]{from, to, kinds[h].ordinal()});
            from = to;
            h = end;
        }
        return out.toArray(int[][]::new);
    }

    static INDArray columns(INDArray a, int[] segment) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(segment[0], segment[1]));
    }

    /** Per-head unweighted summed scores and, when {@code gradient} is not null, the weighted gradient into it. */
    private double[] compute(INDArray labels, INDArray preOutput, INDArray gradient) {
        return compute(labels, preOutput, gradient, SmallOutputLoss.fits(labels, preOutput, gradient, offsets()[kinds.length]));
    }

    /** @param inJava in Java loops ({@link SmallOutputLoss}) rather than ND4J ops; tests compare the two */
    double[] compute(INDArray labels, INDArray preOutput, INDArray gradient, boolean inJava) {
        int[] off = offsets();
        double[] columnScores = new double[off[kinds.length]];
        if (segments == null) {
            segments = segments(kinds, widths); // per step otherwise, on the training's hot path
        }
        float[] g = null;
        if (inJava) {
            g = gradient == null ? null : new float[(int) preOutput.length()];
            SmallOutputLoss.compute(segments, SmallOutputLoss.read(preOutput), SmallOutputLoss.read(labels), g,
                    (int) preOutput.size(0), off[kinds.length], columnScores);
        } else {
            for (int[] seg : segments) {
                INDArray z = columns(preOutput, seg);
                INDArray y = columns(labels, seg);
                INDArray gs = gradient == null ? null : columns(gradient, seg);
                INDArray scores = switch (LossKind.values()[seg[2]]) {
                    case BINARY_CROSS_ENTROPY -> binaryCrossEntropy(z, y, gs);
                    case MSE -> squaredError(z, y, gs);
                    case MAE -> absoluteError(z, y, gs);
                    case SOFTMAX_CROSS_ENTROPY -> softmaxCrossEntropy(z, y, gs);
                };
                float[] s = scores.toFloatVector();
                System.arraycopy(toDoubles(s), 0, columnScores, seg[0], s.length);
            }
        }
        double[] perHead = new double[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            double sum = 0;
            for (int c = off[i]; c < off[i + 1]; c++) {
                sum += columnScores[c];
            }
            // MSE and MAE are means over a head's outputs, as DL4J's LossMSE and LossMAE define them.
            perHead[i] = kinds[i] == LossKind.MSE || kinds[i] == LossKind.MAE ? sum / widths[i] : sum;
        }
        if (gradient != null) {
            float[] scale = new float[off[kinds.length]];
            for (int i = 0; i < kinds.length; i++) {
                double perOutput = kinds[i] == LossKind.MSE || kinds[i] == LossKind.MAE ? 1.0 / widths[i] : 1.0;
                Arrays.fill(scale, off[i], off[i + 1], (float) (weights[i] * perOutput));
            }
            if (inJava) {
                for (int i = 0; i < g.length; i++) {
                    g[i] *= scale[i % scale.length];
                }
                SmallOutputLoss.write(g, gradient);
            } else {
                gradient.muliRowVector(Nd4j.createFromArray(scale).castTo(gradient.dataType()));
            }
        }
        return perHead;
    }

    /** Column sums of −[y·ln p + (1−y)·ln(1−p)], p = σ(z) clipped for the score; gradient σ(z) − y. */
    private static INDArray binaryCrossEntropy(INDArray z, INDArray y, INDArray g) {
        INDArray p = Transforms.sigmoid(z, true);
        INDArray clipped = Transforms.min(Transforms.max(p, BCE_CLIP, true), 1 - BCE_CLIP, false);
        INDArray logP = Transforms.log(clipped, true);
        INDArray log1mP = Transforms.log(clipped.rsubi(1.0), false);
        // y·ln p + (1−y)·ln(1−p) = y·(ln p − ln(1−p)) + ln(1−p)
        INDArray ll = logP.subi(log1mP).muli(y).addi(log1mP);
        if (g != null) {
            g.assign(p.subi(y));
        }
        return ll.sum(0).negi();
    }

    private static INDArray squaredError(INDArray z, INDArray y, INDArray g) {
        INDArray d = z.sub(y);
        INDArray scores = d.mul(d).sum(0);
        if (g != null) {
            g.assign(d.muli(2.0));
        }
        return scores;
    }

    private static INDArray absoluteError(INDArray z, INDArray y, INDArray g) {
        INDArray d = z.sub(y);
        INDArray scores = Transforms.abs(d, true).sum(0);
        if (g != null) {
            g.assign(Transforms.sign(d, false));
        }
        return scores;
    }

    /** One softmax block: column sums of −y·ln p (p clipped for the score), gradient p − y. */
    private static INDArray softmaxCrossEntropy(INDArray z, INDArray y, INDArray g) {
        INDArray p = Transforms.softmax(z, true);
        INDArray logP = Transforms.log(Transforms.max(p, SOFTMAX_CLIP, true), false);
        INDArray scores = logP.muli(y).sum(0).negi();
        if (g != null) {
            g.assign(p.subi(y));
        }
        return scores;
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private double weighted(double[] perHead) {
        double total = 0;
        for (int i = 0; i < perHead.length; i++) {
            total += weights[i] * perHead[i];
        }
        return total;
    }

    private void remember(double[] perHead, INDArray labels, boolean average) {
        // DL4J's output layers ask for the summed score and divide by the batch size themselves.
        lastRows = average ? 1 : labels.size(0);
        lastScores = perHead;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        double[] perHead = compute(labels, preOutput, null);
        if (average) {
            for (int i = 0; i < perHead.length; i++) {
                perHead[i] /= labels.size(0);
            }
        }
        remember(perHead, labels, average);
        return weighted(perHead);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        // Per-example scores are only asked for by DL4J's scoreExamples, which the trainer never calls.
        INDArray out = Nd4j.create(preOutput.dataType(), preOutput.size(0), 1);
        for (long r = 0; r < preOutput.size(0); r++) {
            double s = weighted(compute(labels.getRow(r, true), preOutput.getRow(r, true), null));
            out.putScalar(r, 0, s);
        }
        return out;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray gradient = Nd4j.createUninitialized(preOutput.dataType(), preOutput.shape(), 'c');
        compute(labels, preOutput, gradient);
        return gradient;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        INDArray gradient = Nd4j.createUninitialized(preOutput.dataType(), preOutput.shape(), 'c');
        double[] perHead = compute(labels, preOutput, gradient);
        if (average) {
            for (int i = 0; i < perHead.length; i++) {
                perHead[i] /= labels.size(0);
            }
        }
        remember(perHead, labels, average);
        return new Pair<>(weighted(perHead), gradient);
    }

    @Override
    public String name() {
        return "head-group" + Arrays.toString(kinds);
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeadGroupLoss g && Arrays.equals(g.kinds, kinds) && Arrays.equals(g.widths, widths)
                && Arrays.equals(g.weights, weights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(kinds) * 31 + Arrays.hashCode(widths);
    }
}
