package io.branchwise.launcher;

import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.space.grouping.AffinityMatrix;

/** Live reports of a running trial, called on the launcher's reader thread, in order. */
public interface TrialListener {
    default void onEpoch(EpochReport report) {
    }

    default void onAffinity(AffinityMatrix affinity, long step) {
    }

    default void onLog(String line) {
    }

    TrialListener NONE = new TrialListener() {
    };
}
