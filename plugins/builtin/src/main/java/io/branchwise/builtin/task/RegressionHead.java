package io.branchwise.builtin.task;

import io.branchwise.builtin.task.metric.RegressionScores;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.OutputActivation;
import io.branchwise.plugin.task.TaskDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link RegressionTaskType} task bound to its columns: output k predicts column k directly. */
final class RegressionHead extends BoundHead {
    private final List<TargetColumn> columns;
    private final LossKind loss;

    RegressionHead(TaskDefinition task, List<TargetColumn> columns, LossKind loss) {
        super(task, RegressionTaskType.metricSet());
        this.columns = List.copyOf(columns);
        this.loss = loss;
    }

    @Override
    public int outputSize() {
        return columns.size();
    }

    @Override
    public OutputActivation activation() {
        return OutputActivation.IDENTITY;
    }

    @Override
    public LossKind loss() {
        return loss;
    }

    @Override
    public float[] labels(Split split) {
        return TaskTargets.interleave(split, columns);
    }

    @Override
    public Map<String, Double> metrics(float[] predictions, Split split) {
        checkShape(predictions, split);
        RegressionScores scores = RegressionScores.of(predictions, labels(split), columns.size());
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("rmse", scores.rmse());
        out.put("mae", scores.mae());
        out.put("r2", scores.r2());
        return out;
    }
}
