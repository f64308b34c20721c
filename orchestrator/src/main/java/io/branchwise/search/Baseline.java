package io.branchwise.search;

import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.space.layout.Block;
import io.branchwise.space.metric.Sample;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A task trained alone with the search's budget (its single-task baseline, STL): what every multi-task trial is
 * compared with. The value compared is the validation metric of its best validation epoch (the model the trainer
 * keeps), never a last-epoch or an epoch-0 value. With {@code search.seeds} > 1 it is the mean of that many runs of
 * the chosen network on fresh seeds ({@link #mean}): the run that won the choice among several networks won partly
 * by its seed's luck, and a lucky denominator would make every joint model look worse than it is.
 *
 * @param validation every metric of the task type on the validation split, from the kept model
 * @param test       the same on the test split
 * @param curve      epoch → the task's metric on the validation split, as reported after each epoch
 * @param config     the network and learning rate it was trained with
 * @param tried      how many single-task configurations it was the best of ({@link BaselineDesign}); 1 when fixed
 * @param seeds      how many runs these figures are the mean of (1: a single run)
 * @param noiseFloor the runs' spread on the compared metric, 100·s/|mean| percent; NaN for a single run
 */
public record Baseline(String task, String metric, boolean higherIsBetter, Map<String, Double> validation,
                       Map<String, Double> test, NavigableMap<Long, Double> curve, BaselineDesign.Config config,
                       int tried, int seeds, double noiseFloor) {
    /**
     * The smallest gain over the last fifth of the epochs that counts as still improving, in percent: the verdict's
     * default {@code max_task_drop}, the smallest loss it reports.
     */
    static final double MIN_GAIN_PERCENT = 1.0;

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
                curve, config, 1, 1, Double.NaN);
    }

    /** The same run, chosen as the best of {@code tried} configurations. */
    Baseline bestOf(int tried) {
        return new Baseline(task, metric, higherIsBetter, validation, test, curve, config, tried, seeds, noiseFloor);
    }

    /**
     * The mean of several runs of this baseline's network (every metric, and the curve at the epochs every run
     * reached), keeping this one's configuration and how many it was chosen from.
     */
    Baseline meanOf(List<Baseline> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a mean needs at least one run");
        }
        // The same runs at every epoch: past one run's early stop, a mean of the others would step with who is in it.
        java.util.Set<Long> common = new java.util.TreeSet<>(runs.get(0).curve().keySet());
        runs.forEach(r -> common.retainAll(r.curve().keySet()));
        NavigableMap<Long, Double> meanCurve = new TreeMap<>();
        common.forEach(epoch -> meanCurve.put(epoch,
                runs.stream().mapToDouble(r -> r.curve().get(epoch)).average().orElse(Double.NaN)));
        double[] values = runs.stream().mapToDouble(Baseline::value).toArray();
        Sample sample = new Sample(values);
        double floor = runs.size() < 2 ? Double.NaN : 100 * Math.sqrt(sample.variance()) / Math.abs(sample.mean());
        return new Baseline(task, metric, higherIsBetter, meanMetrics(runs, Baseline::validation),
                meanMetrics(runs, Baseline::test), meanCurve, config, tried, runs.size(), floor);
    }

    private static Map<String, Double> meanMetrics(List<Baseline> runs,
                                                   java.util.function.Function<Baseline, Map<String, Double>> split) {
        Map<String, Double> out = new LinkedHashMap<>();
        split.apply(runs.get(0)).keySet().forEach(metric -> out.put(metric, runs.stream()
                .mapToDouble(r -> split.apply(r).getOrDefault(metric, Double.NaN)).average().orElse(Double.NaN)));
        return out;
    }

    /** Whether this run is better than {@code other} on the validation metric (a NaN never is; anything beats one). */
    boolean betterThan(Baseline other) {
        return Double.isNaN(other.value()) ? !Double.isNaN(value()) : TaskFloor.beats(value(), other.value(), higherIsBetter);
    }

    /**
     * Whether the epoch budget cut this network short: the best epoch of its curve is the last one (early stopping,
     * which ends a run some epochs after its best, never ended it: the epochs ran out), and over the last fifth of the
     * epochs it still gained more than {@value #MIN_GAIN_PERCENT}% and more than the noise of its level (the runs'
     * spread over √runs, a conservative yardstick for a gain within the same runs). Δm against such a baseline
     * measures, in part, how fast each model learns rather than how well: a joint model that learns faster wins a
     * comparison that a longer budget might call even. Epochs without a finite value are skipped; a curve that ends
     * on one (diverged) is not "improving".
     */
    public boolean stillImproving() {
        NavigableMap<Long, Double> finite = finiteCurve();
        if (finite.size() < 2 || !finite.lastKey().equals(curve.lastKey())) {
            return false;
        }
        Map.Entry<Long, Double> last = finite.lastEntry();
        Map.Entry<Long, Double> earlier = finite.floorEntry(last.getKey() - finalFifth(last.getKey()));
        if (earlier == null || finite.values().stream().anyMatch(v -> TaskFloor.beats(v, last.getValue(), higherIsBetter))) {
            return false;
        }
        // No epoch beats the last, so this is its gain over the window, relative to where it ended (as the pruner's).
        double gain = 100 * Math.abs(last.getValue() - earlier.getValue()) / Math.abs(last.getValue());
        return gain > Math.max(MIN_GAIN_PERCENT, Double.isNaN(noiseFloor) ? 0 : noiseFloor / Math.sqrt(seeds));
    }

    /** The curve without the epochs whose value is not a finite number (a task missing from a report, a diverged run). */
    NavigableMap<Long, Double> finiteCurve() {
        NavigableMap<Long, Double> finite = new TreeMap<>();
        curve.forEach((epoch, v) -> {
            if (Double.isFinite(v)) {
                finite.put(epoch, v);
            }
        });
        return finite;
    }

    /**
     * The last fifth of {@code epochs} (at least one): the window over which a curve still gaining more than its noise
     * has not levelled off, here and for the negative-transfer pruner's races.
     */
    static long finalFifth(long epochs) {
        return Math.max(1, Math.round(epochs / 5.0));
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
        m.put("seeds", seeds);
        m.put("noise_floor", Double.isNaN(noiseFloor) ? null : noiseFloor);
        m.put("still_improving", stillImproving());
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
                numbers(m.get("validation")), numbers(m.get("test")), curve, config, ((Number) m.get("tried")).intValue(),
                ((Number) m.get("seeds")).intValue(), number(m.get("noise_floor")));
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
