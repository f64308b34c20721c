package io.branchwise.plugin.task;

/** The activation of a task head's output layer; trainers map it to their framework's own. */
public enum OutputActivation {
    IDENTITY,
    SIGMOID,
    SOFTMAX
}
