package io.branchwise.builtin.task;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.TaskDefinition;

import java.util.ArrayList;
import java.util.List;

/** Binding a task's target names to a data set's columns, and reading those columns as labels. */
final class TaskTargets {
    private TaskTargets() {
    }

    /** Every target column of the task, in the task's order; path {@code targets} (or {@code targets[i]}) when one is missing. */
    static List<TargetColumn> resolve(TaskDefinition task, Dataset data) {
        List<TargetColumn> out = new ArrayList<>();
        for (int i = 0; i < task.targets().size(); i++) {
            String column = task.targets().get(i);
            TargetColumn found = data.targets().get(column);
            if (found == null) {
                throw new SpecException(path(task, i), "column \"" + column + "\" not in data set " + data.name()
                        + "; targets are " + data.targets().keySet());
            }
            out.add(found);
        }
        return out;
    }

    /** The task's only target column; refuses a task naming several. */
    static TargetColumn single(String type, TaskDefinition task, Dataset data) {
        if (task.targets().size() != 1) {
            throw new SpecException("targets", type + " takes one target column, got " + task.targets().size() + ": " + task.targets());
        }
        return resolve(task, data).get(0);
    }

    /** Where target {@code i} sits in the task: {@code targets} for a single target, else {@code targets[i]}. */
    static String path(TaskDefinition task, int i) {
        return task.targets().size() == 1 ? "targets" : "targets[" + i + "]";
    }

    /** The task's options with paths relative to the task ({@code options.loss}), as {@link io.branchwise.plugin.task.TaskType#bind} promises. */
    static Options options(TaskDefinition task) {
        return Options.of("options", task.options().asMap());
    }

    /** A categorical column's values as class indices; fails on a value that is not one of its classes. */
    static int[] classes(Split split, TargetColumn column) {
        float[] values = split.target(column.name());
        int[] out = new int[values.length];
        for (int r = 0; r < values.length; r++) {
            float v = values[r];
            if (v != Math.rint(v) || v < 0 || v >= column.classes()) {
                throw new IllegalArgumentException("target \"" + column.name() + "\" row " + r + ": " + v
                        + " is not a class in 0.." + (column.classes() - 1));
            }
            out[r] = (int) v;
        }
        return out;
    }

    /** Several columns side by side, rows × columns row-major, the layout a head with one output per column fits. */
    static float[] interleave(Split split, List<TargetColumn> columns) {
        int k = columns.size();
        float[] out = new float[split.rows() * k];
        for (int c = 0; c < k; c++) {
            float[] values = split.target(columns.get(c).name());
            for (int r = 0; r < values.length; r++) {
                out[r * k + c] = values[r];
            }
        }
        return out;
    }

    /** Like {@link #interleave}, checking that each value is 0 or 1. */
    static float[] interleaveBinary(Split split, List<TargetColumn> columns) {
        float[] out = interleave(split, columns);
        int k = columns.size();
        for (int i = 0; i < out.length; i++) {
            if (out[i] != 0f && out[i] != 1f) {
                throw new IllegalArgumentException("target \"" + columns.get(i % k).name() + "\" row " + (i / k) + ": "
                        + out[i] + " is not 0 or 1");
            }
        }
        return out;
    }
}
