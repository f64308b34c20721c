package io.branchwise.search;

import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.space.layout.Block;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A task trained alone with the search's budget (its single-task baseline, STL): what every multi-task trial is
 * compared with. The value compared is the validation metric of its best validation epoch (the model the trainer
 * keeps), never a last-epoch or an epoch-0 value.
 *
 * @param validation every metric of the task type on the validation split, from the kept model
 * @param test       the same on the test split
 * @param curve      epoch → the task's metric on the validation split, as reported after each epoch
 * @param config     the network and learning rate it was trained with
 * @param tried      how many single-task configurations it was the best of ({@link BaselineDesign}); 1 when fixed
 */
public record Baseline(String task, String metric, boolean higherIsBetter, Map<String, Double> validation,
                       Map<String, Double> test, NavigableMap<Long, Double> curve, BaselineDesign.Config config,
                       int tried) {
    public Baseline {
        validation = Collections.unmodifiableMap(new LinkedHashMap<>(validation));
        test = Collections.unmodifiableMap(new LinkedHashMap<>(test));
        curve = Collections.unmodifiableNavigableMap(new TreeMap<>(curve));
    }

    /** A single-task run's result for {@code task}, with the curve its epochs reported (empty when not kept). */
    static Baseline of(BoundTask task, TrialResult result, NavigableMap<Long, Double> curve,
                       BaselineDesign.Config config) {
        return new Baseline(task.name(), task.metric(), task.higherIsBetter(),
                result.validation().getOrDefault(task.name(), Map.of()), result.test().getOrDefault(task.name(), Map.of()),
                curve, config, 1);
    }

    /** The same run, chosen as the best of {@code tried} configurations. */
    Baseline bestOf(int tried) {
        return new Baseline(task, metric, higherIsBetter, validation, test, curve, config, tried);
    }

    /** Whether this run is better than {@code other} on the validation metric (a NaN never is; anything beats one). */
    boolean betterThan(Baseline other) {
        return Double.isNaN(other.value()) ? !Double.isNaN(value()) : TaskFloor.beats(value(), other.value(), higherIsBetter);
    }

    /** The metric Δ is measured against. */
    public double value() {
        return validation.getOrDefault(metric, Double.NaN);
    }

    public double testValue() {
        return test.getOrDefault(metric, Double.NaN);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("metric", metric);
        m.put("higher_is_better", higherIsBetter);
        m.put("validation", validation);
        m.put("test", test);
        Map<String, Object> c = new LinkedHashMap<>();
        curve.forEach((epoch, v) -> c.put(Long.toString(epoch), v));
        m.put("curve", c);
        m.put("depth", config.block().depth());
        m.put("width", config.block().width());
        m.put("learning_rate", config.learningRate());
        m.put("tried", tried);
        return m;
    }

    /** Reads {@link #toMap()} back. */
    static Baseline fromMap(Map<?, ?> m) {
        NavigableMap<Long, Double> curve = new TreeMap<>();
        ((Map<?, ?>) m.get("curve")).forEach((k, v) -> curve.put(Long.parseLong((String) k), number(v)));
        BaselineDesign.Config config = new BaselineDesign.Config(
                Block.of(((Number) m.get("depth")).intValue(), ((Number) m.get("width")).intValue()),
                number(m.get("learning_rate")));
        return new Baseline((String) m.get("task"), (String) m.get("metric"), Boolean.TRUE.equals(m.get("higher_is_better")),
                numbers(m.get("validation")), numbers(m.get("test")), curve, config, ((Number) m.get("tried")).intValue());
    }

    static Map<String, Double> numbers(Object o) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), number(v)));
        }
        return out;
    }

    /** {@code {task: {metric: value}}} as read back from JSON. */
    static Map<String, Map<String, Double>> metricsByTask(Object o) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((task, values) -> out.put(String.valueOf(task), numbers(values)));
        }
        return out;
    }

    static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
