package io.branchwise.search.spec;

import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.weighting.LossWeightingSpace;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.trial.DataChoice;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A whole search, as {@code branchwise run spec.yaml} takes it: the data and tasks, what to search (sharing
 * layouts, activation, dropout, loss weighting, learning rate) and how (trials, parallel trainers, sampler, pruner). Built by
 * {@link SearchSpecReader}, which has checked everything that can be checked without loading the data.
 *
 * @param weightingRanges the methods' hyper-parameter ranges the spec sets; the others keep
 *                        {@link LossWeightingSpace}'s defaults
 * @param training        the fixed training budget; its learning rate, activation and dropout are the baselines'
 *                        when they are searched
 * @param baseDirectory   relative data paths resolve against it (the spec file's folder)
 * @param raw             the spec as the user wrote it, stored with its study so that a resumed search can tell it is
 *                        the same search
 */
public record SearchSpec(String name, String trainer, long seed, DataChoice data, Path baseDirectory,
                         List<TaskDefinition> tasks, SpaceSpec space, List<WeightingMethod> weightingMethods,
                         List<WeightingRange> weightingRanges, TrainingOptions training, LearningRate learningRate,
                         SearchSettings search, Map<String, Object> raw) {
    public SearchSpec {
        tasks = List.copyOf(tasks);
        weightingMethods = List.copyOf(weightingMethods);
        weightingRanges = List.copyOf(weightingRanges);
    }

    /** The loss-weighting space the trials sample from: the methods, with the spec's ranges. */
    public LossWeightingSpace weightingSpace() {
        LossWeightingSpace.Builder b = LossWeightingSpace.builder(taskNames()).methods(weightingMethods);
        weightingRanges.forEach(r -> b.range(r.method(), r.name(), r.low(), r.high()));
        return b.build();
    }

    public List<String> taskNames() {
        return tasks.stream().map(TaskDefinition::name).toList();
    }
}
