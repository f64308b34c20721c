package io.branchwise.trainer.dl4j.bench;

import io.branchwise.builtin.task.BinaryTaskType;
import io.branchwise.builtin.task.MulticlassTaskType;
import io.branchwise.builtin.task.RegressionTaskType;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.task.TaskType;

import java.util.List;
import java.util.Map;

/**
 * The built-in task types' heads for the trainer's tests and benchmarks, so they train exactly what users train.
 * The trainer itself must not depend on the built-in plugins; its tests may (a test-scoped dependency). A head is
 * bound to its target column's description alone, so a test can name its heads before it makes its data.
 */
public final class BuiltInHeads {
    private BuiltInHeads() {
    }

    /** One linear output, MSE; metrics rmse (its default), mae, r2. */
    public static TaskHead regression(String name, String column) {
        return bind(new RegressionTaskType(), "regression", name, TargetColumn.continuous(column));
    }

    /** One sigmoid output, binary cross-entropy; metrics accuracy (its default), auc, log_loss. */
    public static TaskHead binary(String name, String column) {
        return bind(new BinaryTaskType(), "binary", name, TargetColumn.categorical(column, 2));
    }

    /** Softmax over {@code classes}, cross-entropy; metrics accuracy (its default), macro_f1, cross_entropy. */
    public static TaskHead multiclass(String name, String column, int classes) {
        return bind(new MulticlassTaskType(), "multiclass", name, TargetColumn.categorical(column, classes));
    }

    private static TaskHead bind(TaskType type, String typeName, String name, TargetColumn column) {
        Split row = new Split(1, 1, new float[]{0f}, Map.of(column.name(), new float[]{0f}));
        Dataset described = new Dataset("described", List.of("x"), Map.of(column.name(), column), row, row, row);
        return type.bind(TaskDefinition.of(name, typeName, column.name()), described);
    }
}
