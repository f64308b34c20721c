package io.branchwise.search.spec;

import io.branchwise.space.layout.Block;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * {@code search:}, how the search runs.
 *
 * @param trials         trials to finish (complete, pruned or failed; not counting ones a stop interrupted, nor
 *                       layouts refused untrained for breaking {@code maxParameters})
 * @param parallel       trainer processes at once
 * @param objective      {@link #DELTA_M} (one objective, maximised) or {@link #PER_TASK} (one per task: a Pareto
 *                       search)
 * @param affinityEvery  the affinity run measures task affinity every this many training steps
 * @param affinityEpochs the affinity run's length, at most the training budget's epochs
 * @param baseline       the trunk (hard sharing) or branches (task-specific) of the two reference layouts, and the
 *                       first single-task network each task's baseline tries
 * @param baselineTrials single-task networks tried per task ({@link io.branchwise.search.BaselineDesign}); the best
 *                       on validation is the task's baseline. 1 = {@code baseline} alone, a fixed network
 * @param trialTimeLimit any trainer process running longer is killed and its trial fails
 * @param maxTaskDrop    in percent: the recommendation prefers trials where no task is worse than its
 *                       single-task baseline by more than this
 * @param maxParameters  a searched layout with more trainable parameters is not trained; empty when unbounded
 * @param seeds          with more than one, the verdict is made on repeats: every baseline and every finalist (the
 *                       best trials and the two references) is trained with this many seeds and compared with
 *                       intervals ({@link io.branchwise.space.metric.RepeatedDeltaM}); search trials stay single-seed
 * @param finalists      how many of the best trials go to the repeated comparison
 */
public record SearchSettings(int trials, int parallel, SamplerChoice sampler, PrunerChoice pruner, String objective,
                             int affinityEvery, int affinityEpochs, Block baseline, int baselineTrials,
                             Duration trialTimeLimit,
                             double maxTaskDrop, OptionalLong maxParameters, int seeds, int finalists) {
    public static final String DELTA_M = "delta_m";
    public static final String PER_TASK = "per_task";

    /** One objective per task: the study is multi-objective and the result has a Pareto set. */
    public boolean perTaskObjectives() {
        return PER_TASK.equals(objective);
    }
}
