package io.branchwise.plugin.trainer;

import io.branchwise.space.grouping.AffinityMatrix;

/**
 * The trainer's line to whoever runs the trial (the search runner, through the trainer process protocol). Calls
 * come from the training thread; implementations are cheap and do not block on I/O for long.
 */
public interface TrialContext {
    /** Called once per epoch, in order; the runner may decide to prune from it. */
    void reportEpoch(EpochReport report);

    /** The affinity averaged so far, after {@code step} training steps; the last call is the result. */
    void reportAffinity(AffinityMatrix affinity, long step);

    /**
     * True once the trial was pruned or cancelled. A trainer checks it at least once per epoch (and between
     * mini-batches when epochs are long) and then returns what it has with {@code stopped = true}.
     */
    boolean shouldStop();

    /** A progress line for the trial's log. */
    void log(String message);
}
