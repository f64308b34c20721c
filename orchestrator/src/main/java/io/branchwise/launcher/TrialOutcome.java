package io.branchwise.launcher;

import io.branchwise.plugin.trainer.TrialResult;

/**
 * How a trial ended.
 *
 * @param result the trainer's result; present for COMPLETE, and for STOPPED when the trainer returned in time
 * @param reason why a trial failed or was stopped, in words a person can act on; empty for COMPLETE
 * @param path   for a FAILED trial whose spec was at fault, the field path; empty otherwise
 */
public record TrialOutcome(Status status, TrialResult result, String reason, String path) {
    public enum Status { COMPLETE, STOPPED, FAILED }

    public static TrialOutcome complete(TrialResult result) {
        return new TrialOutcome(Status.COMPLETE, result, "", "");
    }

    public static TrialOutcome stopped(TrialResult result, String reason) {
        return new TrialOutcome(Status.STOPPED, result, reason, "");
    }

    public static TrialOutcome failed(String reason, String path) {
        return new TrialOutcome(Status.FAILED, null, reason, path == null ? "" : path);
    }
}
