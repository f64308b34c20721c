package io.branchwise.launcher;

/**
 * Starts trials somewhere: child processes on this machine ({@link LocalTrainerLauncher}) or, later, worker nodes.
 * Callers see the same {@link TrialRun} either way.
 */
public interface TrainerLauncher {
    TrialRun launch(TrialJob job, TrialListener listener);

    /**
     * A hint that {@code processes} trainings are about to run side by side: a launcher with warm processes starts
     * them now, so their start-up overlaps the caller's own preparation instead of delaying the first trainings.
     */
    default void prestart(int processes) {
    }

    /**
     * Whether its trainings run the trainers of this process's plugin catalog, whose code can be fingerprinted; false
     * for trainers elsewhere whose code is unknown (their results are never reused across searches).
     */
    default boolean runsCatalogTrainers() {
        return true;
    }
}
