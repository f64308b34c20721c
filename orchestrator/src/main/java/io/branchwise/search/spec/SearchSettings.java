package io.branchwise.search.spec;

import io.branchwise.space.layout.Block;

import java.time.Duration;

/**
 * {@code search:}, how the search runs.
 *
 * @param trials         trials to finish (complete, pruned or failed; not counting ones a stop interrupted)
 * @param parallel       trainer processes at once
 * @param affinityEvery  the affinity run measures task affinity every this many training steps
 * @param baseline       the network of each single-task baseline, and the trunk (hard sharing) or branches
 *                       (task-specific) of the two reference layouts
 * @param trialTimeLimit any trainer process running longer is killed and its trial fails
 * @param maxTaskDrop    in percent: the recommendation prefers trials where no task is worse than its
 *                       single-task baseline by more than this
 */
public record SearchSettings(int trials, int parallel, SamplerChoice sampler, PrunerChoice pruner, String objective,
                             int affinityEvery, Block baseline, Duration trialTimeLimit, double maxTaskDrop) {
}
