package io.branchwise.builtin.task;

import io.branchwise.builtin.task.metric.MultilabelCounts;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.OutputActivation;
import io.branchwise.plugin.task.TaskDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link MultilabelTaskType} task bound to its columns: output k is the probability that column k is 1. */
final class MultilabelHead extends BoundHead {
    private final List<TargetColumn> columns;

    MultilabelHead(TaskDefinition task, List<TargetColumn> columns) {
        super(task, MultilabelTaskType.metricSet());
        this.columns = List.copyOf(columns);
    }

    @Override
    public int outputSize() {
        return columns.size();
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
        return TaskTargets.interleaveBinary(split, columns);
    }

    @Override
    public Map<String, Double> metrics(float[] predictions, Split split) {
        checkShape(predictions, split);
        MultilabelCounts counts = MultilabelCounts.of(predictions, labels(split), columns.size());
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("micro_f1", counts.microF1());
        out.put("hamming_loss", counts.hammingLoss());
        out.put("subset_accuracy", counts.subsetAccuracy());
        return out;
    }
}
