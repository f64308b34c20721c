package io.branchwise.launcher;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.OutputActivation;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.task.TaskType;

import java.util.List;
import java.util.Map;

/** Test task type "fixture-regression": one continuous target, metric rmse. */
public final class FixtureTaskType implements TaskType {
    @Override
    public String name() {
        return "fixture-regression";
    }

    @Override
    public String description() {
        return "regression head for launcher tests";
    }

    @Override
    public List<String> metrics() {
        return List.of("rmse");
    }

    @Override
    public TaskHead bind(TaskDefinition task, Dataset data) {
        String column = task.targets().get(0);
        if (!data.targets().containsKey(column)) {
            throw new SpecException("targets", "column \"" + column + "\" not in data set; targets are " + data.targets().keySet());
        }
        return new TaskHead() {
            @Override
            public TaskDefinition task() {
                return task;
            }

            @Override
            public int outputSize() {
                return 1;
            }

            @Override
            public OutputActivation activation() {
                return OutputActivation.IDENTITY;
            }

            @Override
            public LossKind loss() {
                return LossKind.MSE;
            }

            @Override
            public float[] labels(Split split) {
                return split.target(column);
            }

            @Override
            public Map<String, Double> metrics(float[] predictions, Split split) {
                float[] y = split.target(column);
                double sse = 0;
                for (int i = 0; i < y.length; i++) {
                    sse += (predictions[i] - y[i]) * (double) (predictions[i] - y[i]);
                }
                return Map.of("rmse", Math.sqrt(sse / y.length));
            }

            @Override
            public String metric() {
                return "rmse";
            }

            @Override
            public boolean higherIsBetter(String metric) {
                return false;
            }
        };
    }
}
