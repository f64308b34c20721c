package io.branchwise.train;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.task.TaskType;
import io.branchwise.plugin.trainer.Trainer;
import io.branchwise.plugin.trainer.TrainingRequest;
import io.branchwise.plugins.PluginCatalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A spec turned into what a trainer runs: its plugins looked up, its data loaded and its tasks bound to the data.
 * Errors carry the spec path ({@code tasks[1].type}, {@code data.source}).
 */
public record TrialBinding(Trainer trainer, TrainingRequest request) {

    /** Looks up every plugin the spec names, without loading data: the cheap check the parent does first. */
    public static void checkPlugins(TrialSpec spec, PluginCatalog catalog) {
        lookup("trainer", () -> catalog.trainer(spec.trainer()));
        lookup("data.source", () -> catalog.dataSource(spec.source()));
        for (int i = 0; i < spec.tasks().size(); i++) {
            String type = spec.tasks().get(i).type();
            lookup("tasks[" + i + "].type", () -> catalog.taskType(type));
        }
    }

    public static TrialBinding bind(TrialSpec spec, PluginCatalog catalog, Path workDirectory) throws IOException {
        checkPlugins(spec, catalog);
        Trainer trainer = catalog.trainer(spec.trainer());
        Dataset data = catalog.dataSource(spec.source())
                .load(new DataRequest(spec.sourceOptions(), spec.seed(), spec.baseDirectory()));
        List<TaskHead> heads = new ArrayList<>();
        for (int i = 0; i < spec.tasks().size(); i++) {
            TaskDefinition task = spec.tasks().get(i);
            TaskType type = catalog.taskType(task.type());
            try {
                heads.add(type.bind(task, data));
            } catch (SpecException e) {
                throw new SpecException(e.path().isEmpty() ? "tasks[" + i + "]" : "tasks[" + i + "]." + e.path(), e.problem());
            } catch (IllegalArgumentException e) {
                throw new SpecException("tasks[" + i + "]", e.getMessage());
            }
        }
        return new TrialBinding(trainer, new TrainingRequest(data, heads, spec.layout(), spec.weighting(),
                spec.training(), workDirectory));
    }

    private static void lookup(String path, Runnable find) {
        try {
            find.run();
        } catch (SpecException e) {
            throw new SpecException(path, e.problem());
        }
    }
}
