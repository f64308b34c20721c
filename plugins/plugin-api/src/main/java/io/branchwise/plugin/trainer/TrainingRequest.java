package io.branchwise.plugin.trainer;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One trial for a {@link Trainer}: train {@code layout} on {@code heads} with {@code weighting}. A single-task
 * baseline is the same request with one head and a one-task layout.
 *
 * @param workDirectory where the trainer may write (the saved model goes here); it exists
 * @param references    per task, the value of its metric the epoch choice measures against (a search passes the
 *                      single-task baselines' validation values, so the kept epoch is the one with the best Δm); a
 *                      task without one is measured against its own first epoch. With one task the metric itself
 *                      decides
 */
public record TrainingRequest(Dataset data, List<TaskHead> heads, SharingLayout layout, LossWeighting weighting,
                              TrainingOptions options, Path workDirectory, Map<String, Double> references) {
    public TrainingRequest {
        references = references == null ? Map.of() : Map.copyOf(references);
        heads = List.copyOf(heads);
        Set<String> names = new TreeSet<>();
        for (TaskHead h : heads) {
            if (!names.add(h.name())) {
                throw new IllegalArgumentException("task " + h.name() + " appears twice");
            }
        }
        layout.requireTasks(names);
    }

    /** A request without references. */
    public TrainingRequest(Dataset data, List<TaskHead> heads, SharingLayout layout, LossWeighting weighting,
                           TrainingOptions options, Path workDirectory) {
        this(data, heads, layout, weighting, options, workDirectory, Map.of());
    }
}
