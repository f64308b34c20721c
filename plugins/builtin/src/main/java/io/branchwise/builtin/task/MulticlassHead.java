package io.branchwise.builtin.task;

import io.branchwise.builtin.task.metric.ConfusionMatrix;
import io.branchwise.builtin.task.metric.LogLoss;
import io.branchwise.builtin.task.metric.Probabilities;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.OutputActivation;
import io.branchwise.plugin.task.TaskDefinition;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link MulticlassTaskType} task bound to its column: one softmax output per class. */
final class MulticlassHead extends BoundHead {
    private final TargetColumn column;

    MulticlassHead(TaskDefinition task, TargetColumn column) {
        super(task, MulticlassTaskType.metricSet());
        this.column = column;
    }

    @Override
    public int outputSize() {
        return column.classes();
    }

    @Override
    public OutputActivation activation() {
        return OutputActivation.SOFTMAX;
    }

    @Override
    public LossKind loss() {
        return LossKind.SOFTMAX_CROSS_ENTROPY;
    }

    /** One-hot rows: 1 at the row's class, 0 elsewhere. */
    @Override
    public float[] labels(Split split) {
        int[] classes = TaskTargets.classes(split, column);
        int k = column.classes();
        float[] out = new float[classes.length * k];
        for (int r = 0; r < classes.length; r++) {
            out[r * k + classes[r]] = 1f;
        }
        return out;
    }

    @Override
    public Map<String, Double> metrics(float[] predictions, Split split) {
        checkShape(predictions, split);
        int[] truth = TaskTargets.classes(split, column);
        ConfusionMatrix confusion = ConfusionMatrix.of(truth, Probabilities.argmax(predictions, column.classes()), column.classes());
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", confusion.accuracy());
        out.put("macro_f1", confusion.macroF1());
        out.put("cross_entropy", LogLoss.categorical(predictions, truth, column.classes()));
        return out;
    }
}
