package io.branchwise.launcher.external;

/**
 * The answer to a report: whether the trainer should stop training and tell what it has.
 *
 * @param reason why (pruned, the search stopped, the trial ended); empty when it goes on
 */
public record StopSignal(boolean shouldStop, String reason) {
    static final StopSignal GO_ON = new StopSignal(false, "");

    static StopSignal stop(String reason) {
        return new StopSignal(true, reason);
    }
}
