package io.branchwise.trial;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One trial, fully specified: what {@code branchwise train spec.yaml} runs and what the search runner hands a
 * trainer process. Built by {@link TrialSpecReader}, which checks everything that can be checked without loading
 * the data; the trainer process checks the tasks against the data.
 *
 * @param source        the data source plugin name
 * @param sourceOptions its options ({@code data.options})
 * @param baseDirectory relative data paths resolve against it (the spec file's folder)
 * @param references    per task, the metric value the trainer's choice of epoch measures against (may be empty)
 * @param raw           the spec as read, so it can travel to a trainer process and be read again there
 */
public record TrialSpec(String trainer, String source, Options sourceOptions, long seed, Path baseDirectory,
                        List<TaskDefinition> tasks, SharingLayout layout, LossWeighting weighting,
                        TrainingOptions training, Map<String, Double> references, Map<String, Object> raw) {
    public TrialSpec {
        tasks = List.copyOf(tasks);
        references = Map.copyOf(references);
    }

    public List<String> taskNames() {
        return tasks.stream().map(TaskDefinition::name).toList();
    }
}
