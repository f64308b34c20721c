package io.branchwise.launcher;

import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.trial.TrialSpec;


/**
 * The trainer process protocol: one JSON object per line, parent → child on the child's stdin, child → parent on
 * its stdout. Anything on the child's stdout that is not a protocol line (a native library printing directly) is
 * passed on as log output rather than breaking the trial.
 */
public sealed interface TrainerMessage {
    /** Parent → child: run this spec (its base directory travels beside its JSON form), writing into the folder. */
    record Start(TrialSpec spec, String workDirectory) implements TrainerMessage {
    }

    /** Parent → child: the trial was pruned or cancelled; return what you have. */
    record Stop() implements TrainerMessage {
    }

    /** Child → parent: still working (sent at most every couple of seconds while training runs). */
    record Alive() implements TrainerMessage {
    }

    record Epoch(EpochReport report) implements TrainerMessage {
    }

    record Affinity(AffinityMatrix matrix, long step) implements TrainerMessage {
    }

    record Log(String message) implements TrainerMessage {
    }

    /** Child → parent, last line of a trial that ran. */
    record Result(TrialResult result) implements TrainerMessage {
    }

    /**
     * Child → parent, last line of a trial that could not run or crashed in Java.
     *
     * @param path the spec field at fault, empty when the failure is not the spec's
     */
    record Failure(String message, String path) implements TrainerMessage {
    }
}
