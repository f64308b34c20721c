package io.branchwise.builtin.task;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;

import java.util.Set;

/**
 * {@code multiclass}: one categorical target column with two or more classes; a softmax head with one output per
 * class, trained with softmax cross-entropy against one-hot labels.
 *
 * <p>Metrics: {@code accuracy} (default; the arg-max class, first wins a tie), {@code macro_f1} (F1 per class,
 * averaged over the classes present in labels or predictions), {@code cross_entropy} (lower is better).
 * No options.
 */
public final class MulticlassTaskType extends BuiltInTaskType {
    static final String NAME = "multiclass";

    static MetricSet metricSet() {
        return new MetricSet().higher("accuracy").higher("macro_f1").lower("cross_entropy");
    }

    public MulticlassTaskType() {
        super(NAME, "one class out of K (softmax, cross-entropy); metrics accuracy, macro_f1, cross_entropy", metricSet());
    }

    @Override
    public TaskHead bind(TaskDefinition task, Dataset data) {
        TaskTargets.options(task).requireOnly(Set.of());
        TargetColumn column = TaskTargets.single(NAME, task, data);
        if (column.isContinuous()) {
            throw new SpecException("targets", NAME + " needs a categorical column, \"" + column.name()
                    + "\" is continuous (the data source decides; csv lists class columns under its categorical option)");
        }
        return new MulticlassHead(task, column);
    }
}
