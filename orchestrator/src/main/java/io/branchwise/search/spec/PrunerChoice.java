package io.branchwise.search.spec;

/**
 * {@code search.pruner}: none, Optuna's median rule on the scalar intermediate value, or the negative-transfer
 * rule (a task that keeps trailing its single-task curve stops the trial).
 *
 * @param epsilon       negative-transfer: how far behind (relative) a task may be before it counts as behind
 * @param patience      negative-transfer: epochs in a row a task must be behind
 * @param warmupEpochs  epochs before which nothing is pruned
 * @param startupTrials median: trials that finish before the rule applies
 */
public record PrunerChoice(Kind kind, double epsilon, int patience, int warmupEpochs, int startupTrials) {
    public enum Kind { NONE, MEDIAN, NEGATIVE_TRANSFER }

    public static PrunerChoice none() {
        return new PrunerChoice(Kind.NONE, 0.05, 3, 0, 5);
    }
}
