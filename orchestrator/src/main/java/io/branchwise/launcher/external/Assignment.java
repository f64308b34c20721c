package io.branchwise.launcher.external;

import io.branchwise.launcher.TrialJob;

import java.time.Duration;

/**
 * A job handed to an external trainer.
 *
 * @param ticket        names the job in later reports and the final tell; unguessable, so only the trainer that
 *                      asked can speak for the job
 * @param studyId       the search's study; 0 for a job launched outside a search
 * @param jobName       what a local trainer would call the job's folder ({@code trial-3}, {@code stl-a})
 * @param trialSpecJson the trial spec exactly as a local trainer process gets it
 * @param baseDirectory relative data paths in the spec resolve against it (on this machine)
 * @param timeLimit     the job must be told within this of being handed out; null for none
 * @param lease         the trainer must report at least this often
 */
public record Assignment(String ticket, long studyId, String studyName, TrialJob.Kind kind, String jobName,
                         String trialSpecJson, String baseDirectory, Duration timeLimit, Duration lease) {
}
