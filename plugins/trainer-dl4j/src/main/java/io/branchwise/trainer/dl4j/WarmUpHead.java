package io.branchwise.trainer.dl4j;

import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.OutputActivation;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;

import java.util.Map;

/**
 * A one-output head for {@link Dl4jTrainer#warmUp}'s training on generated rows: a regression (identity, MSE) or a
 * yes/no (sigmoid, binary cross-entropy) head, so that both loss paths are loaded. The trainer may not depend on the
 * built-in task types (plugins see only the plugin API), and the warm-up needs no more of a task type than this: its
 * metric is a plain mean error.
 */
record WarmUpHead(TaskDefinition task, boolean binary) implements TaskHead {
    static WarmUpHead of(String name, boolean binary) {
        return new WarmUpHead(TaskDefinition.of(name, binary ? "binary" : "regression", name), binary);
    }

    @Override
    public int outputSize() {
        return 1;
    }

    @Override
    public OutputActivation activation() {
        return binary ? OutputActivation.SIGMOID : OutputActivation.IDENTITY;
    }

    @Override
    public LossKind loss() {
        return binary ? LossKind.BINARY_CROSS_ENTROPY : LossKind.MSE;
    }

    @Override
    public float[] labels(Split split) {
        return split.target(name()).clone();
    }

    @Override
    public Map<String, Double> metrics(float[] predictions, Split split) {
        float[] y = split.target(name());
        double error = 0;
        for (int i = 0; i < y.length; i++) {
            error += Math.abs(predictions[i] - y[i]);
        }
        return Map.of("mae", error / y.length);
    }

    @Override
    public String metric() {
        return "mae";
    }

    @Override
    public boolean higherIsBetter(String metric) {
        return false;
    }
}
