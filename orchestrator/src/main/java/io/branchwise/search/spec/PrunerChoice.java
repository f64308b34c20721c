package io.branchwise.search.spec;

import java.util.Set;

/**
 * {@code search.pruner}: none; Optuna's scalar pruners on the intermediate value (each epoch's Δm against the
 * baselines' curves): median, asynchronous successive halving (asha), hyperband, patient and threshold; or the
 * multi-task ones that read every task's curve: negative-transfer (a task that keeps trailing its single-task curve
 * stops the trial) and pareto-asha (successive halving on the per-task vectors, a non-dominated vector never pruned).
 *
 * @param epsilon         negative-transfer: how far behind (relative) a task may be before it counts as behind
 * @param patience        negative-transfer: epochs in a row a task must be behind; patient: epochs without
 *                        improvement before pruning
 * @param warmupEpochs    median, negative-transfer, threshold: epochs before which nothing is pruned. Negative
 *                        transfer defaults to half the epochs: a joint model's early epochs trail its single-task
 *                        curves far more than its final ones do (on the synthetic benchmark, 25% behind at epoch 3 of
 *                        5 and 1-3% at the end)
 * @param startupTrials   trials that must complete before anything is pruned, so that a search always has complete
 *                        trials to recommend from (default 5 for median, Optuna's; 3 for the others)
 * @param minEpochs       asha, hyperband, pareto-asha: the first rung's epochs
 * @param reductionFactor asha, hyperband, pareto-asha: one in this many goes on at each rung
 * @param lower           threshold: the Δm (percent) below which a trial is pruned
 * @param minDelta        patient: the improvement of Δm (points) that counts as one
 * @param audit           after the search, train every pruned trial to the end and count the pruner's false
 *                        prunes ({@link io.branchwise.search.PrunerAudit}): for measuring a pruner on a data set
 */
public record PrunerChoice(Kind kind, double epsilon, int patience, int warmupEpochs, int startupTrials,
                           int minEpochs, int reductionFactor, double lower, double minDelta, boolean audit) {
    public enum Kind {
        NONE, MEDIAN, NEGATIVE_TRANSFER, ASHA, HYPERBAND, PATIENT, THRESHOLD, PARETO_ASHA;

        /** The spec's name: {@code negative-transfer}, {@code pareto-asha}, … */
        public String specName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Whether it ranks trials by one number, the intermediate Δm: then a per_task search cannot use it. */
        public boolean scalar() {
            return Set.of(MEDIAN, ASHA, HYPERBAND, PATIENT, THRESHOLD).contains(this);
        }

        /** The spec keys it reads besides {@code type}, {@code startup_trials} and {@code audit}. */
        Set<String> keys() {
            return switch (this) {
                case NONE -> Set.of();
                case MEDIAN -> Set.of("warmup_epochs");
                case NEGATIVE_TRANSFER -> Set.of("epsilon", "patience", "warmup_epochs");
                case ASHA, HYPERBAND, PARETO_ASHA -> Set.of("min_epochs", "reduction_factor");
                case PATIENT -> Set.of("patience", "min_delta");
                case THRESHOLD -> Set.of("lower", "warmup_epochs");
            };
        }
    }

    public static PrunerChoice none() {
        return new PrunerChoice(Kind.NONE, 0.05, 3, 0, 0, 1, 3, Double.NEGATIVE_INFINITY, 0.0, false);
    }
}
