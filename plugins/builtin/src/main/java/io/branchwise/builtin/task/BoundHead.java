package io.branchwise.builtin.task;

import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;

/** What every built-in head shares: its task, its chosen metric and the shape check on predictions. */
abstract class BoundHead implements TaskHead {
    private final TaskDefinition task;
    private final MetricSet metrics;
    private final String metric;

    /** Fails with path {@code metric} when the task names a metric the type does not have. */
    BoundHead(TaskDefinition task, MetricSet metrics) {
        this.task = task;
        this.metrics = metrics;
        this.metric = metrics.choose(task);
    }

    @Override
    public TaskDefinition task() {
        return task;
    }

    @Override
    public String metric() {
        return metric;
    }

    @Override
    public boolean higherIsBetter(String metric) {
        return metrics.higherIsBetter(metric);
    }

    /** Predictions must be rows × outputSize; a mismatch is a trainer bug, so it fails loudly. */
    void checkShape(float[] predictions, Split split) {
        if (predictions.length != (long) split.rows() * outputSize()) {
            throw new IllegalArgumentException("task " + task.name() + ": " + predictions.length + " predictions for "
                    + split.rows() + " rows × " + outputSize() + " outputs");
        }
    }
}
