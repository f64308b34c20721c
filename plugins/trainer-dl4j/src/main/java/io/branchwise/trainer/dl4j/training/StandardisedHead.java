package io.branchwise.trainer.dl4j.training;

import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.OutputActivation;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;

import java.util.List;
import java.util.Map;

/**
 * A regression head trained on standardised targets: {@code (y − μ)/σ} per output, with μ and σ from the training
 * split, while its predictions are turned back into the target's units before they are scored, so every metric —
 * per epoch, validation, test — stays in those units. A target in grams or dollars then trains like one of unit
 * scale at the same learning rate, instead of a network whose outputs must first grow by orders of magnitude.
 */
final class StandardisedHead implements TaskHead {
    private final TaskHead head;
    private final double[] mean;
    private final double[] scale;

    StandardisedHead(TaskHead head, double[] mean, double[] scale) {
        this.head = head;
        this.mean = mean;
        this.scale = scale;
    }

    /** Whether a head is a regression head this applies to: squared or absolute error on identity outputs. */
    static boolean applies(TaskHead head) {
        return (head.loss() == LossKind.MSE || head.loss() == LossKind.MAE) && head.activation() == OutputActivation.IDENTITY;
    }

    /** Each regression head standardised on {@code train}; other heads as they are. */
    static List<TaskHead> of(List<TaskHead> heads, Split train) {
        return heads.stream().map(h -> applies(h) ? standardise(h, train) : h).toList();
    }

    private static TaskHead standardise(TaskHead head, Split train) {
        int width = head.outputSize();
        float[] y = head.labels(train);
        int rows = y.length / width;
        double[] mean = new double[width];
        double[] scale = new double[width];
        for (int c = 0; c < width; c++) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += y[r * width + c];
            }
            mean[c] = sum / rows;
            double ss = 0;
            for (int r = 0; r < rows; r++) {
                double d = y[r * width + c] - mean[c];
                ss += d * d;
            }
            double sd = Math.sqrt(ss / Math.max(1, rows - 1));
            // A constant target keeps its units (nothing to scale; dividing by ~0 would only amplify rounding).
            scale[c] = sd > 1e-12 * Math.max(1, Math.abs(mean[c])) ? sd : 1;
        }
        return new StandardisedHead(head, mean, scale);
    }

    /** Per output, the mean and standard deviation the network's outputs are expressed in. */
    double[] mean() {
        return mean.clone();
    }

    double[] scale() {
        return scale.clone();
    }

    @Override
    public TaskDefinition task() {
        return head.task();
    }

    @Override
    public int outputSize() {
        return head.outputSize();
    }

    @Override
    public OutputActivation activation() {
        return head.activation();
    }

    @Override
    public LossKind loss() {
        return head.loss();
    }

    @Override
    public float[] labels(Split split) {
        float[] y = head.labels(split);
        float[] out = new float[y.length];
        int width = mean.length;
        for (int i = 0; i < y.length; i++) {
            int c = i % width;
            out[i] = (float) ((y[i] - mean[c]) / scale[c]);
        }
        return out;
    }

    @Override
    public Map<String, Double> metrics(float[] predictions, Split split) {
        float[] back = new float[predictions.length];
        int width = mean.length;
        for (int i = 0; i < predictions.length; i++) {
            int c = i % width;
            back[i] = (float) (predictions[i] * scale[c] + mean[c]);
        }
        return head.metrics(back, split);
    }

    @Override
    public String metric() {
        return head.metric();
    }

    @Override
    public boolean higherIsBetter(String metric) {
        return head.higherIsBetter(metric);
    }
}
