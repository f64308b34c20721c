package io.branchwise.plugin.task;

import io.branchwise.plugin.data.Dataset;

import java.util.List;

/**
 * A kind of prediction task (multi-class, binary, regression …): its head, loss and metrics. Found with
 * {@link java.util.ServiceLoader} through {@code META-INF/services/io.branchwise.plugin.task.TaskType}.
 */
public interface TaskType {
    /** The name a spec uses: {@code tasks[i].type}. */
    String name();

    String description();

    /** The metrics {@link TaskHead#metrics} returns; the first is the default {@link TaskHead#metric}. */
    List<String> metrics();

    /**
     * Binds a task to a data set. Fails with {@link io.branchwise.plugin.SpecException} (path {@code targets},
     * {@code metric} or {@code options.…}, relative to the task) when the targets do not fit the type, e.g. a
     * continuous column for a multi-class task.
     */
    TaskHead bind(TaskDefinition task, Dataset data);
}
