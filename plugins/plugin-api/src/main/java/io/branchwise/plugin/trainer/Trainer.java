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
}
