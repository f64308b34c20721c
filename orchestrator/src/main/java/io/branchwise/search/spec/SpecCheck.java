package io.branchwise.search.spec;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataAccess;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.trial.TrialBinding;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks that need the plugins and the data, done in this process before any trainer starts: every plugin
 * the spec names exists, the data loads, and every task fits the data. Loading the data here costs one extra load
 * (trainers load it again), which is cheap next to a search, and it is the only way to say
 * {@code tasks[2].target: column "y9" not in data source} before hours of baselines.
 */
public final class SpecCheck {
    private SpecCheck() {
    }

    /** As {@link #bind(SearchSpec, PluginCatalog, DataAccess)} with data read from anywhere. */
    public static List<BoundTask> bind(SearchSpec spec, PluginCatalog catalog) {
        return bind(spec, catalog, DataAccess.anywhere());
    }

    /**
     * The spec's tasks bound to the data, or every problem found.
     *
     * @param access where the data may be read from and how much (a server's data roots)
     */
    public static List<BoundTask> bind(SearchSpec spec, PluginCatalog catalog, DataAccess access) {
        SpecProblems problems = new SpecProblems();
        problems.check(() -> lookup("trainer", () -> catalog.trainer(spec.trainer())));
        Dataset data = problems.read(() -> load(spec, catalog, access));
        List<BoundTask> bound = new ArrayList<>();
        for (int i = 0; i < spec.tasks().size(); i++) {
            int index = i;
            TaskDefinition task = spec.tasks().get(i);
            boolean known = problems.read(() -> lookup("tasks[" + index + "].type", () -> catalog.taskType(task.type()))) != null;
            if (!known || data == null) {
                continue;
            }
            TaskHead head = problems.read(() -> TrialBinding.bindTask(index, task, data, catalog));
            if (head != null) {
                String metric = head.metric();
                bound.add(new BoundTask(task, metric, head.higherIsBetter(metric), head.outputSize(), data.featureCount(),
                        TrivialScores.of(head, data)));
            }
        }
        if (spec.search().maxParameters().isPresent() && bound.size() == spec.tasks().size()) {
            problems.check(() -> requireAFittingLayout(spec, new ParameterBudget(bound, spec.search().maxParameters())));
        }
        problems.throwIfAny();
        return bound;
    }

    /** Refuses a budget no layout of the space meets, rather than sampling layouts that can never be trained. */
    private static void requireAFittingLayout(SearchSpec spec, ParameterBudget budget) {
        var smallest = spec.space().smallestLayout(spec.taskNames());
        long count = budget.count(smallest);
        if (!budget.fits(count)) {
            throw new SpecException("search.max_parameters", "the smallest layout of the space, " + smallest + ", has "
                    + count + " parameters for " + budget.inputWidth() + " input features; raise max_parameters to at"
                    + " least " + count + ", or allow shallower or narrower layouts in space");
        }
    }

    private static <T> T lookup(String path, java.util.function.Supplier<T> find) {
        try {
            return find.get();
        } catch (SpecException e) {
            throw new SpecException(path, e.problem());
        }
    }

    private static Dataset load(SearchSpec spec, PluginCatalog catalog, DataAccess access) {
        var source = catalog.dataSources().get(spec.data().source());
        if (source == null) {
            throw new SpecException("data.source", "unknown data source \"" + spec.data().source() + "\"; available: "
                    + catalog.dataSources().keySet());
        }
        try {
            return source.load(new DataRequest(spec.data().options(), spec.seed(), spec.baseDirectory(), access));
        } catch (SpecException e) {
            throw e;
        } catch (IOException e) {
            throw new SpecException("data", "cannot load the data: " + e.getMessage());
        } catch (RuntimeException e) {
            // A plugin's unexpected exception may carry anything it read (a parser quoting the input): the caller
            // gets its kind, the server's own log the whole message.
            System.err.println("data source " + spec.data().source() + " failed: " + e);
            throw new SpecException("data", "cannot load the data: the data source failed with "
                    + e.getClass().getSimpleName() + " (details in the server's log)");
        }
    }
}
