package io.branchwise.plugin.trainer;

/**
 * A plugin that trains one trial. Runs inside a trainer process (its own JVM, {@code OMP_NUM_THREADS=1}), so it
 * may use native libraries freely; a crash there fails the trial, not the service. Found with
 * {@link java.util.ServiceLoader} through {@code META-INF/services/io.branchwise.plugin.trainer.Trainer}.
 */
public interface Trainer {
    /** The name a spec uses: {@code trainer: dl4j}. */
    String name();

    String description();

    /**
     * Trains, reporting each epoch through {@code context}, and returns the final metrics. Exceptions fail the
     * trial with their message as the reason.
     */
    TrialResult train(TrainingRequest request, TrialContext context) throws Exception;

    /**
     * Called once when a trainer process starts, before its first training, while the process is waiting anyway:
     * load native libraries and the classes every training uses, so that the first training does not pay for it.
     * Must leave nothing a training could see. A failure here is logged and ignored; the training will meet it.
     */
    default void warmUp() throws Exception {
    }
}
