package io.branchwise.trial;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.task.TaskType;
import io.branchwise.plugin.trainer.Trainer;
import io.branchwise.plugin.trainer.TrainingRequest;

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
        checkPlugins(spec.trainer(), spec.data().source(), spec.tasks(), catalog);
    }

    /** The same check for any spec that names a trainer, a data source and tasks (a search spec, too). */
    public static void checkPlugins(String trainer, String source, List<TaskDefinition> tasks, PluginCatalog catalog) {
        lookup("trainer", () -> catalog.trainer(trainer));
        lookup("data.source", () -> catalog.dataSource(source));
        for (int i = 0; i < tasks.size(); i++) {
            String type = tasks.get(i).type();
            lookup("tasks[" + i + "].type", () -> catalog.taskType(type));
        }
    }

    public static TrialBinding bind(TrialSpec spec, PluginCatalog catalog, Path workDirectory) throws IOException {
        return bind(spec, catalog, workDirectory, new DataCache());
    }

    /** Binds with data from {@code cache}: a warm trainer process keeps one across its trainings. */
    public static TrialBinding bind(TrialSpec spec, PluginCatalog catalog, Path workDirectory, DataCache cache)
            throws IOException {
        checkPlugins(spec, catalog);
        Trainer trainer = catalog.trainer(spec.trainer());
        Dataset data = cache.load(spec, catalog);
        List<TaskHead> heads = bindTasks(spec.tasks(), data, catalog);
        return new TrialBinding(trainer, new TrainingRequest(data, heads, spec.layout(), spec.weighting(),
                spec.training(), workDirectory, spec.references()));
    }

    /** Binds each task to the loaded data; a task that does not fit fails with its path ({@code tasks[1].targets}). */
    public static List<TaskHead> bindTasks(List<TaskDefinition> tasks, Dataset data, PluginCatalog catalog) {
        List<TaskHead> heads = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            heads.add(bindTask(i, tasks.get(i), data, catalog));
        }
        return heads;
    }

    /** Binds task {@code i} of a spec. */
    public static TaskHead bindTask(int i, TaskDefinition task, Dataset data, PluginCatalog catalog) {
        TaskType type = catalog.taskType(task.type());
        try {
            return type.bind(task, data);
        } catch (SpecException e) {
            throw new SpecException(e.path().isEmpty() ? "tasks[" + i + "]" : "tasks[" + i + "]." + e.path(), e.problem());
        } catch (IllegalArgumentException e) {
            throw new SpecException("tasks[" + i + "]", e.getMessage());
        }
    }

    private static void lookup(String path, Runnable find) {
        try {
            find.run();
        } catch (SpecException e) {
            throw new SpecException(path, e.problem());
        }
    }
}
