package io.branchwise.builtin.task;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;

import java.util.Set;

/**
 * {@code binary}: one target column with exactly two classes (0 and 1); a single sigmoid output, trained with
 * binary cross-entropy.
 *
 * <p>Metrics: {@code accuracy} (default; an output ≥ 0.5 predicts 1), {@code auc} (ROC AUC from the rank-sum
 * statistic, ties as mid-ranks; NaN when the split holds only one class), {@code log_loss} (lower is better).
 * No options.
 */
public final class BinaryTaskType extends BuiltInTaskType {
    static final String NAME = "binary";

    static MetricSet metricSet() {
        return new MetricSet().higher("accuracy").higher("auc").lower("log_loss");
    }

    public BinaryTaskType() {
        super(NAME, "yes/no (one sigmoid output, binary cross-entropy); metrics accuracy, auc, log_loss", metricSet());
    }

    @Override
    public TaskHead bind(TaskDefinition task, Dataset data) {
        TaskTargets.options(task).requireOnly(Set.of());
        TargetColumn column = TaskTargets.single(NAME, task, data);
        if (column.classes() != 2) {
            throw new SpecException("targets", NAME + " needs a column with 2 classes, \"" + column.name() + "\" "
                    + (column.isContinuous() ? "is continuous" : "has " + column.classes() + " classes (use multiclass)"));
        }
        return new BinaryHead(task, column);
    }
}
