package io.branchwise.launcher;

import java.util.concurrent.CompletableFuture;

/** A trial in a trainer process. */
public interface TrialRun {
    /** Completes once the process has ended, never exceptionally: failures are FAILED outcomes. */
    CompletableFuture<TrialOutcome> outcome();

    /**
     * Asks the trainer to stop (pruned or cancelled) and return what it has; a trainer that does not end within
     * the launcher's grace period is killed.
     */
    void stop(String reason);
}
