package io.branchwise.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One trial for a trainer process.
 *
 * @param spec          the trial spec as plain maps (what {@link io.branchwise.trial.TrialSpecReader} reads)
 * @param baseDirectory relative data paths in the spec resolve against it
 * @param workDirectory the trial's own folder: the model and the trainer's log go here
 * @param timeLimit     the whole trial's wall-clock limit
 * @param kind          what the job is for in a search
 */
public record TrialJob(Map<String, Object> spec, Path baseDirectory, Path workDirectory, Duration timeLimit,
                       Kind kind) {
    /**
     * Trainers treat every kind alike; the kind is there for whoever hands jobs to trainers outside the server, who
     * may want to know that a job is a baseline or must measure affinity.
     */
    public enum Kind { BASELINE, AFFINITY, REFERENCE, TRIAL }

    /** A job outside a search's groundwork: a trial. */
    public TrialJob(Map<String, Object> spec, Path baseDirectory, Path workDirectory, Duration timeLimit) {
        this(spec, baseDirectory, workDirectory, timeLimit, Kind.TRIAL);
    }

    public TrialJob {
        if (kind == null) {
            throw new IllegalArgumentException("a trial job needs its kind");
        }
    }
}
