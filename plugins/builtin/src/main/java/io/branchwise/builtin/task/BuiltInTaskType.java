package io.branchwise.builtin.task;

import io.branchwise.plugin.task.TaskType;

import java.util.List;

/**
 * What every built-in task type shares: its name, its one-line description and its metrics (the first the default);
 * each type adds only how it binds a task to the data ({@link TaskType#bind}).
 */
abstract class BuiltInTaskType implements TaskType {
    private final String name;
    private final String description;
    private final MetricSet metrics;

    BuiltInTaskType(String name, String description, MetricSet metrics) {
        this.name = name;
        this.description = description;
        this.metrics = metrics;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<String> metrics() {
        return metrics.names();
    }
}
