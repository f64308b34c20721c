package io.branchwise.search.spec;

import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.train.DataChoice;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A whole search, as {@code branchwise run spec.yaml} takes it: the data and tasks, what to search (sharing
 * layouts, loss weighting, learning rate) and how (trials, parallel trainers, sampler, pruner). Built by
 * {@link SearchSpecReader}, which has checked everything that can be checked without loading the data.
 *
 * @param training      the fixed training budget; its learning rate is the baseline one when
 *                      {@code learningRate} is searched
 * @param baseDirectory relative data paths resolve against it (the spec file's folder)
 * @param raw           the spec as read; trial specs for trainer processes are cut from it
 */
public record SearchSpec(String name, String trainer, long seed, DataChoice data, Path baseDirectory,
                         List<TaskDefinition> tasks, SpaceSpec space, List<WeightingMethod> weightingMethods,
                         TrainingOptions training, LearningRate learningRate, SearchSettings search,
                         Map<String, Object> raw) {
    public SearchSpec {
        tasks = List.copyOf(tasks);
        weightingMethods = List.copyOf(weightingMethods);
    }

    public List<String> taskNames() {
        return tasks.stream().map(TaskDefinition::name).toList();
    }
}
