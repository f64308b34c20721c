package io.branchwise.builtin.task;

import io.branchwise.builtin.task.metric.LogLoss;
import io.branchwise.builtin.task.metric.Probabilities;
import io.branchwise.builtin.task.metric.RocAuc;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.OutputActivation;
import io.branchwise.plugin.task.TaskDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link BinaryTaskType} task bound to its column: one sigmoid output, the probability of class 1. */
final class BinaryHead extends BoundHead {
    private final TargetColumn column;

    BinaryHead(TaskDefinition task, TargetColumn column) {
        super(task, BinaryTaskType.metricSet());
        this.column = column;
    }

    @Override
    public int outputSize() {
        return 1;
    }

    @Override
    public OutputActivation activation() {
        return OutputActivation.SIGMOID;
    }

    @Override
    public LossKind loss() {
        return LossKind.BINARY_CROSS_ENTROPY;
    }

    @Override
    public float[] labels(Split split) {
        return TaskTargets.interleaveBinary(split, List.of(column));
    }

    @Override
    public Map<String, Double> metrics(float[] predictions, Split split) {
        checkShape(predictions, split);
        float[] truth = labels(split);
        long right = 0;
        for (int r = 0; r < truth.length; r++) {
            if (Probabilities.positive(predictions[r]) == (truth[r] == 1f)) {
                right++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", truth.length == 0 ? Double.NaN : (double) right / truth.length);
        out.put("auc", RocAuc.of(predictions, truth));
        out.put("log_loss", LogLoss.binary(predictions, truth));
        return out;
    }
}
