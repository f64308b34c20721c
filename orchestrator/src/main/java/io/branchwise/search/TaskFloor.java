package io.branchwise.search;

import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.TrivialScores;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The floors of one task that every model of it must beat: the trivial predictor (the training mean) and a linear
 * model (no hidden layer, on the baseline's budget). A single-task baseline that does not beat the trivial
 * predictor on validation has failed: Δ against it would flatter any multi-task model, so it is reported as such.
 *
 * @param linear the linear model's run, null when it failed or was not trained
 */
public record TaskFloor(String task, String metric, boolean higherIsBetter, TrivialScores trivial, Baseline linear,
                        boolean baselineFailed) {

    static TaskFloor of(BoundTask task, Baseline baseline, Baseline linear) {
        double floor = task.trivial().validation().getOrDefault(task.metric(), Double.NaN);
        boolean failed = baseline != null && !beats(baseline.value(), floor, task.higherIsBetter());
        return new TaskFloor(task.name(), task.metric(), task.higherIsBetter(), task.trivial(), linear, failed);
    }

    /** Whether {@code value} is strictly better than {@code floor} in the metric's direction (NaN never is). */
    static boolean beats(double value, double floor, boolean higherIsBetter) {
        return higherIsBetter ? value > floor : value < floor;
    }

    /** Whether {@code value} is at least as good as {@code floor}; a missing floor is no floor. */
    public static boolean atLeast(double value, double floor, boolean higherIsBetter) {
        return Double.isNaN(floor) || (higherIsBetter ? value >= floor : value <= floor);
    }

    public double trivialValue() {
        return trivial.validation().getOrDefault(metric, Double.NaN);
    }

    public double trivialTest() {
        return trivial.test().getOrDefault(metric, Double.NaN);
    }

    public double linearValue() {
        return linear == null ? Double.NaN : linear.value();
    }

    public double linearTest() {
        return linear == null ? Double.NaN : linear.testValue();
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("metric", metric);
        m.put("trivial", Map.of("validation", trivial.validation(), "test", trivial.test()));
        m.put("linear", linear == null ? null : Map.of("validation", linear.validation(), "test", linear.test()));
        m.put("baseline_failed", baselineFailed);
        return m;
    }
}
