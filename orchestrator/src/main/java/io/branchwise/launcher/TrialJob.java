package io.branchwise.launcher;

import io.branchwise.trial.TrialSpec;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One trial for a trainer process.
 *
 * @param spec          what to train; relative data paths in it resolve against its base directory
 * @param workDirectory the trial's own folder: the model and the trainer's log go here
 * @param timeLimit     the whole trial's wall-clock limit
 * @param kind          what the job is for in a search
 */
public record TrialJob(TrialSpec spec, Path workDirectory, Duration timeLimit, Kind kind) {
    /**
     * Trainers treat every kind alike; the kind is there for whoever hands jobs to trainers outside the server, who
     * may want to know that a job is a baseline or must measure affinity.
     */
    public enum Kind { BASELINE, AFFINITY, REFERENCE, TRIAL }

    /** A job outside a search's groundwork: a trial. */
    public TrialJob(TrialSpec spec, Path workDirectory, Duration timeLimit) {
        this(spec, workDirectory, timeLimit, Kind.TRIAL);
    }

    public TrialJob {
        if (spec == null || kind == null) {
            throw new IllegalArgumentException("a trial job needs its spec and its kind");
        }
    }

    public Path baseDirectory() {
        return spec.baseDirectory();
    }
}
