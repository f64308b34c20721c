package io.branchwise.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One trial for a trainer process.
 *
 * @param spec          the trial spec as plain maps (what {@link io.branchwise.train.TrialSpecReader} reads)
 * @param baseDirectory relative data paths in the spec resolve against it
 * @param workDirectory the trial's own folder: the model and the trainer's log go here
 * @param timeLimit     the whole trial's wall-clock limit
 */
public record TrialJob(Map<String, Object> spec, Path baseDirectory, Path workDirectory, Duration timeLimit) {
}
