package io.branchwise.builtin.task;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;

import java.util.List;
import java.util.Set;

/**
 * {@code multilabel}: k ≥ 1 target columns, each 0/1 (two classes); k sigmoid outputs, trained with binary
 * cross-entropy on each. An output ≥ 0.5 predicts 1.
 *
 * <p>Metrics: {@code micro_f1} (default; F1 pooled over all cells, 1 when no cell is positive in truth or
 * prediction), {@code hamming_loss} (fraction of wrong cells, lower is better), {@code subset_accuracy} (fraction
 * of rows with every label right). No options.
 */
public final class MultilabelTaskType extends BuiltInTaskType {
    static final String NAME = "multilabel";

    static MetricSet metricSet() {
        return new MetricSet().higher("micro_f1").lower("hamming_loss").higher("subset_accuracy");
    }

    public MultilabelTaskType() {
        super(NAME, "several yes/no labels (one sigmoid output each); metrics micro_f1, hamming_loss, subset_accuracy", metricSet());
    }

    @Override
    public TaskHead bind(TaskDefinition task, Dataset data) {
        TaskTargets.options(task).requireOnly(Set.of());
        List<TargetColumn> columns = TaskTargets.resolve(task, data);
        for (int i = 0; i < columns.size(); i++) {
            TargetColumn c = columns.get(i);
            if (c.classes() != 2) {
                throw new SpecException(TaskTargets.path(task, i), NAME + " needs 0/1 columns (2 classes), \"" + c.name()
                        + "\" " + (c.isContinuous() ? "is continuous" : "has " + c.classes() + " classes"));
            }
        }
        if (Set.copyOf(task.targets()).size() != columns.size()) {
            throw new SpecException("targets", "a column appears twice in " + task.targets());
        }
        return new MultilabelHead(task, columns);
    }
}
