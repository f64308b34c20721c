package io.branchwise.search;

import io.branchwise.search.spec.BoundTask;
import io.branchwise.space.metric.DeltaM;
import io.branchwise.space.metric.TaskComparison;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Scores multi-task models against the single-task baselines with one sign convention everywhere: positive =
 * better. Δm weights each task's Δ by its {@code weight} from the spec (a plain mean when all are 1); a task whose
 * baseline failed (it does not beat the trivial predictor, {@link TaskFloor}) weighs nothing: a Δ against a model
 * worse than predicting the mean would flatter any multi-task model. Its own Δ is still reported.
 */
final class Scoring {
    private final List<BoundTask> tasks;
    private final Map<String, Baseline> baselines;
    private final Set<String> excluded;

    Scoring(List<BoundTask> tasks, Map<String, Baseline> baselines) {
        this(tasks, baselines, Set.of());
    }

    /** @param excluded tasks left out of Δm (their baselines failed) */
    Scoring(List<BoundTask> tasks, Map<String, Baseline> baselines, Set<String> excluded) {
        this.tasks = List.copyOf(tasks);
        this.baselines = Map.copyOf(baselines);
        this.excluded = Set.copyOf(excluded);
    }

    /** The task's weight in Δm: the spec's, or 0 when its baseline failed. */
    double weight(BoundTask task) {
        return excluded.contains(task.name()) ? 0.0 : task.weight();
    }

    /** Tasks left out of Δm because their baselines failed, in the spec's order. */
    List<String> excluded() {
        return tasks.stream().map(BoundTask::name).filter(excluded::contains).toList();
    }

    /**
     * The final comparison of a trial's result. Fails with a message a person can act on when a task's metric is
     * missing or not finite (the trial diverged).
     */
    Comparison compare(String layout, Map<String, Map<String, Double>> validation, Map<String, Map<String, Double>> test) {
        List<TaskComparison> comparisons = new ArrayList<>();
        for (BoundTask t : tasks) {
            Double value = validation.getOrDefault(t.name(), Map.of()).get(t.metric());
            if (value == null) {
                throw new IllegalArgumentException("the trainer reported no validation " + t.metric() + " for task " + t.name());
            }
            comparisons.add(new TaskComparison(t.name(), value, baselines.get(t.name()).value(), t.higherIsBetter()));
        }
        DeltaM delta = DeltaM.of(comparisons);
        List<TaskRow> rows = new ArrayList<>();
        double weighted = 0;
        double weights = 0;
        for (int i = 0; i < tasks.size(); i++) {
            BoundTask t = tasks.get(i);
            Baseline b = baselines.get(t.name());
            double d = delta.perTask().get(t.name()) + 0.0; // + 0.0 turns the -0.0 of an unchanged lower-is-better task into 0
            rows.add(new TaskRow(t.name(), t.metric(), t.higherIsBetter(), b.value(), comparisons.get(i).multiTask(), d,
                    b.testValue(), test.getOrDefault(t.name(), Map.of()).getOrDefault(t.metric(), Double.NaN)));
            weighted += weight(t) * d;
            weights += weight(t);
        }
        return new Comparison(layout, rows, weighted / weights);
    }

    /**
     * Optuna's scalar intermediate value at an epoch: the weighted mean Δ% of the tasks against their baseline
     * curves at the same epoch (the nearest earlier one if the baseline stopped sooner), so early epochs are judged
     * against equally early single-task models. Tasks without a finite value or reference are left out; empty
     * when none is left.
     */
    OptionalDouble atEpoch(long epoch, List<Double> vector) {
        double weighted = 0;
        double weights = 0;
        for (int i = 0; i < tasks.size(); i++) {
            BoundTask t = tasks.get(i);
            var ref = baselines.get(t.name()).curve().floorEntry(epoch);
            double v = vector.get(i);
            if (ref == null || ref.getValue() == 0.0 || !Double.isFinite(ref.getValue()) || !Double.isFinite(v)) {
                continue;
            }
            double sign = t.higherIsBetter() ? 1 : -1;
            weighted += weight(t) * sign * (v - ref.getValue()) / Math.abs(ref.getValue()) * 100.0;
            weights += weight(t);
        }
        return weights == 0 ? OptionalDouble.empty() : OptionalDouble.of(weighted / weights);
    }

    /** Checks that every baseline can be divided by; a search cannot report Δm otherwise. */
    void requireUsableBaselines() {
        for (BoundTask t : tasks) {
            Baseline b = baselines.get(t.name());
            if (b == null) {
                throw new IllegalStateException("task " + t.name() + " has no single-task baseline");
            }
            if (!Double.isFinite(b.value()) || b.value() == 0.0) {
                throw new IllegalStateException("the single-task baseline of task " + t.name() + " has validation "
                        + t.metric() + " = " + b.value() + "; Δm divides by it, so it must be finite and non-zero"
                        + " (choose another metric for the task, or a longer training budget)");
            }
        }
        if (excluded.size() == tasks.size()) {
            throw new IllegalStateException("no task's single-task baseline beats its trivial predictor (the training"
                    + " mean or majority class) on validation, so Δm has nothing to measure against; check the targets"
                    + " and features, or give the baselines a longer training budget");
        }
    }
}
