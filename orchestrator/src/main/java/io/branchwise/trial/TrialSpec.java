package io.branchwise.trial;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial, fully specified: the contract between whoever decides what to train (a search, {@code branchwise
 * train}) and whoever trains it (a local trainer process, an external trainer, later a worker node). It crosses a
 * process or a network only as its JSON form ({@link TrialSpecWriter}, read back by {@link TrialSpecReader}, described
 * by {@code schemas/trial-spec.schema.json}); in Java it is this record, checked when it is built.
 *
 * @param data          the data source plugin and its own options
 * @param seed          the data split's seed (and the training's, unless {@code training.seed} says otherwise)
 * @param baseDirectory relative data paths resolve against it (the spec file's folder); not part of the JSON form,
 *                      which travels beside it
 * @param references    per task, the metric value the trainer's choice of epoch measures against (may be empty)
 */
public record TrialSpec(String trainer, DataChoice data, long seed, Path baseDirectory, List<TaskDefinition> tasks,
                        SharingLayout layout, LossWeighting weighting, TrainingOptions training,
                        Map<String, Double> references) {
    public TrialSpec {
        tasks = List.copyOf(tasks);
        references = Collections.unmodifiableMap(new LinkedHashMap<>(references)); // in order: JSON text is stable
        List<String> names = tasks.stream().map(TaskDefinition::name).toList();
        try {
            layout.requireTasks(names);
        } catch (IllegalArgumentException e) {
            throw new SpecException("layout", e.getMessage());
        }
        references.forEach((task, value) -> {
            if (!names.contains(task)) {
                throw new SpecException("references." + task, "not a task of this spec; tasks are " + names);
            }
            if (!Double.isFinite(value)) {
                throw new SpecException("references." + task, "must be a finite number, got " + value);
            }
        });
    }

    public List<String> taskNames() {
        return tasks.stream().map(TaskDefinition::name).toList();
    }

    public TrialSpec withTraining(TrainingOptions other) {
        return new TrialSpec(trainer, data, seed, baseDirectory, tasks, layout, weighting, other, references);
    }

    public TrialSpec withTasks(List<TaskDefinition> other) {
        return new TrialSpec(trainer, data, seed, baseDirectory, other, layout, weighting, training, references);
    }

    /** The same trial, its trainer told each task's reference value (tasks of this trial only). */
    public TrialSpec withReferences(Map<String, Double> values) {
        return new TrialSpec(trainer, data, seed, baseDirectory, tasks, layout, weighting, training, values);
    }
}
