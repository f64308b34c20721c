package io.branchwise.builtin.task;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;

import java.util.List;
import java.util.Set;

/**
 * {@code regression}: one or more continuous target columns; one identity output per column, trained with mean
 * squared error.
 *
 * <p>Metrics (each computed per output, then averaged over outputs): {@code rmse} (default, lower is better),
 * {@code mae} (lower is better), {@code r2} (1 − SSE/SST, higher is better).
 *
 * <p>Options: {@code loss}: {@code mse} (default) or {@code mae}.
 */
public final class RegressionTaskType extends BuiltInTaskType {
    static final String NAME = "regression";

    static MetricSet metricSet() {
        return new MetricSet().lower("rmse").lower("mae").higher("r2");
    }

    public RegressionTaskType() {
        super(NAME, "continuous value(s) (identity outputs, MSE or MAE); metrics rmse, mae, r2", metricSet());
    }

    @Override
    public TaskHead bind(TaskDefinition task, Dataset data) {
        Options options = TaskTargets.options(task).requireOnly(Set.of("loss"));
        List<TargetColumn> columns = TaskTargets.resolve(task, data);
        for (int i = 0; i < columns.size(); i++) {
            TargetColumn c = columns.get(i);
            if (!c.isContinuous()) {
                throw new SpecException(TaskTargets.path(task, i), NAME + " needs a continuous column, \"" + c.name()
                        + "\" has " + c.classes() + " classes");
            }
        }
        return new RegressionHead(task, columns, loss(options));
    }

    private static LossKind loss(Options options) {
        String loss = options.string("loss", "mse");
        return switch (loss) {
            case "mse" -> LossKind.MSE;
            case "mae" -> LossKind.MAE;
            default -> throw new SpecException(options.path("loss"), "must be mse or mae, got \"" + loss + "\"");
        };
    }
}
