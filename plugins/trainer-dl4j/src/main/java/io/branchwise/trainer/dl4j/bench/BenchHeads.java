package io.branchwise.trainer.dl4j.bench;

import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.OutputActivation;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;

import java.util.Map;

/**
 * Minimal heads for the benchmark mains, which must not depend on the built-in task plugins: a softmax classifier
 * scored by accuracy and a linear regressor scored by RMSE.
 */
final class BenchHeads {
    private BenchHeads() {
    }

    static TaskHead softmax(String name, String column, int classes) {
        return new TaskHead() {
            @Override
            public TaskDefinition task() {
                return TaskDefinition.of(name, "multiclass", column);
            }

            @Override
            public int outputSize() {
                return classes;
            }

            @Override
            public OutputActivation activation() {
                return OutputActivation.SOFTMAX;
            }

            @Override
            public LossKind loss() {
                return LossKind.SOFTMAX_CROSS_ENTROPY;
            }

            @Override
            public float[] labels(Split split) {
                float[] y = split.target(column);
                float[] oneHot = new float[y.length * classes];
                for (int i = 0; i < y.length; i++) {
                    oneHot[i * classes + (int) y[i]] = 1f;
                }
                return oneHot;
            }

            @Override
            public Map<String, Double> metrics(float[] p, Split split) {
                float[] y = split.target(column);
                int correct = 0;
                for (int i = 0; i < y.length; i++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) {
                        if (p[i * classes + c] > p[i * classes + best]) {
                            best = c;
                        }
                    }
                    correct += best == (int) y[i] ? 1 : 0;
                }
                return Map.of("accuracy", correct / (double) y.length);
            }

            @Override
            public String metric() {
                return "accuracy";
            }

            @Override
            public boolean higherIsBetter(String metric) {
                return true;
            }
        };
    }

    static TaskHead regression(String name, String column) {
        return new TaskHead() {
            @Override
            public TaskDefinition task() {
                return TaskDefinition.of(name, "regression", column);
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
                return split.target(column).clone();
            }

            @Override
            public Map<String, Double> metrics(float[] p, Split split) {
                float[] y = split.target(column);
                double se = 0;
                for (int i = 0; i < y.length; i++) {
                    se += (p[i] - y[i]) * (double) (p[i] - y[i]);
                }
                return Map.of("rmse", Math.sqrt(se / y.length));
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
