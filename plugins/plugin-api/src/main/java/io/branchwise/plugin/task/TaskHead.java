package io.branchwise.plugin.task;

import io.branchwise.plugin.data.Split;

import java.util.Map;

/**
 * A task bound to a data set: what the network's head for it looks like, how labels are encoded and how its
 * predictions are scored. Built by {@link TaskType#bind}; free of any training framework.
 */
public interface TaskHead {
    TaskDefinition task();

    default String name() {
        return task().name();
    }

    /** Width of the head's output layer. */
    int outputSize();

    OutputActivation activation();

    LossKind loss();

    /** The labels a trainer fits, {@code rows × outputSize} row-major (one-hot for multi-class). */
    float[] labels(Split split);

    /**
     * Every metric of the type on a split, given the head's outputs after its activation
     * ({@code rows × outputSize} row-major).
     */
    Map<String, Double> metrics(float[] predictions, Split split);

    /** The metric reported per epoch, compared with the baseline and used for pruning. */
    String metric();

    /** Whether a larger value of {@code metric} is better. */
    boolean higherIsBetter(String metric);
}
