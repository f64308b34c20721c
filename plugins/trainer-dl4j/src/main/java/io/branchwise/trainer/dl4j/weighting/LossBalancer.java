package io.branchwise.trainer.dl4j.weighting;

/**
 * One loss-weighting method: how a training step turns T task losses (or T task gradients) into one update. The
 * methods know nothing about the network; the trainer hands them numbers and vectors, which is what lets each be
 * unit-tested on hand-made values.
 *
 * <p>Per training step the trainer calls either {@link #stepWeights} (the step trains on {@code Σ w_t·L_t}) or, when
 * {@link #needsTaskGradients} says so, {@link #combine} with every task's gradient of the shared parameters; then
 * {@link #afterStep} with the tasks' losses on that batch. {@link #afterEpoch} follows each epoch.
 */
public interface LossBalancer {

    /** Multipliers of the task losses for this step. Called once per step that is not a {@link #combine} step. */
    double[] stepWeights(long step);

    /** Whether this step needs each task's own gradient of the shared parameters. */
    default boolean needsTaskGradients(long step) {
        return false;
    }

    /**
     * Whether this method ever takes per-task gradients ({@link #needsTaskGradients} true at some step): the network
     * must then keep a parameter tensor per head.
     */
    default boolean combinesGradients() {
        return false;
    }

    /** Combines per-task gradients into one update direction; only called when {@link #needsTaskGradients}. */
    default Combination combine(TaskGradients gradients, long step) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not combine gradients");
    }

    /** Every task's unweighted mean loss on the step's batch, measured before the update. */
    default void afterStep(long step, double[] losses) {
    }

    /** Every task's unweighted mean training loss over epoch {@code epoch} (1-based). */
    default void afterEpoch(int epoch, double[] meanLosses) {
    }
}
