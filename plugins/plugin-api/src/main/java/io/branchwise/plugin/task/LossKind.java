package io.branchwise.plugin.task;

/**
 * The training loss of a task head, as a name every trainer knows how to build. A task type composes a new head
 * from these; a genuinely new loss needs support in the trainer, which is why the list is explicit.
 */
public enum LossKind {
    /** Mean squared error over the outputs. */
    MSE,
    /** Mean absolute error over the outputs. */
    MAE,
    /** Cross-entropy of a softmax output against one-hot labels. */
    SOFTMAX_CROSS_ENTROPY,
    /** Binary cross-entropy of each sigmoid output against a 0/1 label. */
    BINARY_CROSS_ENTROPY
}
