package io.branchwise.launcher;

/**
 * Starts trials somewhere: child processes on this machine ({@link LocalTrainerLauncher}) or, later, worker nodes.
 * Callers see the same {@link TrialRun} either way.
 */
public interface TrainerLauncher {
    TrialRun launch(TrialJob job, TrialListener listener);
}
