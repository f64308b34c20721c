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
}
