package io.branchwise.plugin.task;

import io.branchwise.plugin.Options;

import java.util.List;

/**
 * A task as the spec names it: {@code {name: item, type: multiclass, target: label, metric: accuracy, weight: 1}}.
 *
 * @param type    the {@link TaskType} name
 * @param targets the target column(s); one for all built-in types but multi-label
 * @param metric  the metric reported per epoch and compared with the single-task baseline; null = the type's default
 * @param weight  the task's weight in Δm (mean over tasks when all are 1)
 * @param options the type's own options ({@code tasks[i].options})
 */
public record TaskDefinition(String name, String type, List<String> targets, String metric, double weight, Options options) {
    public TaskDefinition {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("task name must match [A-Za-z_][A-Za-z0-9_.-]*, got " + name);
        }
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("task " + name + " needs at least one target column");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("task " + name + ": weight must be positive and finite, got " + weight);
        }
        if (options == null) {
            options = Options.empty("");
        }
    }

    public static TaskDefinition of(String name, String type, String target) {
        return new TaskDefinition(name, type, List.of(target), null, 1.0, null);
    }
}
