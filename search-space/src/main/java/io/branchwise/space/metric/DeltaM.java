package io.branchwise.space.metric;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Δm%, the multi-task model's mean relative change against the single-task baselines (Maninis et al. 2019).
 *
 * <p><b>Sign convention: positive = better, for every task.</b> Per task,
 * <pre>  Δ_t = s_t · (M_t − B_t) / |B_t| · 100,   s_t = +1 if higher is better, −1 if lower is better</pre>
 * and Δm = mean over tasks of Δ_t. A task with Δ_t &lt; 0 suffers negative transfer. Dividing by |B_t| rather than
 * B_t keeps the convention for metrics whose baseline can be negative (R², log-likelihood); for the usual positive
 * baselines it is the textbook formula.
 *
 * @param perTask Δ_t in percent, by task, in the order given
 */
public record DeltaM(double percent, Map<String, Double> perTask) {

    public DeltaM {
        perTask = Collections.unmodifiableMap(new LinkedHashMap<>(perTask));
    }

    /** Fails on no tasks, a duplicate task, a zero or non-finite baseline, or a non-finite multi-task value. */
    public static DeltaM of(List<TaskComparison> tasks) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("Δm needs at least one task");
        }
        Map<String, Double> perTask = new LinkedHashMap<>();
        double sum = 0;
        for (TaskComparison t : tasks) {
            if (!Double.isFinite(t.singleTask()) || t.singleTask() == 0.0) {
                throw new IllegalArgumentException("task '" + t.task() + "': single-task baseline is " + t.singleTask()
                        + "; Δm divides by it, so it must be finite and non-zero (re-run the baseline, or choose a "
                        + "metric that is not 0 at the baseline)");
            }
            if (!Double.isFinite(t.multiTask())) {
                throw new IllegalArgumentException("task '" + t.task() + "': multi-task value is " + t.multiTask()
                        + "; it must be finite (did the trial diverge?)");
            }
            double sign = t.higherIsBetter() ? 1.0 : -1.0;
            double delta = sign * (t.multiTask() - t.singleTask()) / Math.abs(t.singleTask()) * 100.0;
            if (perTask.put(t.task(), delta) != null) {
                throw new IllegalArgumentException("task '" + t.task() + "' is listed twice");
            }
            sum += delta;
        }
        return new DeltaM(sum / tasks.size(), perTask);
    }

    /** Tasks the multi-task model made worse than their baseline, in the order given. */
    public List<String> negativeTransfer() {
        return perTask.entrySet().stream().filter(e -> e.getValue() < 0).map(Map.Entry::getKey).toList();
    }
}
