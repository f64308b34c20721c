package io.branchwise.search.spec;

/**
 * {@code search.pruner}: none, Optuna's median rule on the scalar intermediate value, or the negative-transfer
 * rule (a task that keeps trailing its single-task curve stops the trial).
 *
 * @param epsilon       negative-transfer: how far behind (relative) a task may be before it counts as behind
 * @param patience      negative-transfer: epochs in a row a task must be behind
 * @param warmupEpochs  epochs before which nothing is pruned. Negative transfer defaults to half the epochs: a
 *                      joint model's early epochs trail its single-task curves far more than its final ones do (on
 *                      the synthetic benchmark, 25% behind at epoch 3 of 5 and 1-3% at the end)
 * @param startupTrials trials that must complete before anything is pruned, so that a search always has complete
 *                      trials to recommend from (default 5 for median, Optuna's; 3 for negative transfer)
 */
public record PrunerChoice(Kind kind, double epsilon, int patience, int warmupEpochs, int startupTrials) {
    public enum Kind { NONE, MEDIAN, NEGATIVE_TRANSFER }

    public static PrunerChoice none() {
        return new PrunerChoice(Kind.NONE, 0.05, 3, 0, 0);
    }
}
