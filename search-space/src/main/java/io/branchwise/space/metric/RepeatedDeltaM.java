package io.branchwise.space.metric;

import java.util.ArrayList;
import java.util.List;

/**
 * Δm over repeated trainings, with a 95% confidence interval. The multi-task model's seeds are paired across tasks
 * (seed i trains every task at once), so its spread is taken on the per-seed Δm values; each task's baseline adds
 * the uncertainty of its own mean:
 * <pre>  Δm_i = Σ_t w_t·s_t·(M_t,i − B̄_t)/|B̄_t|·100 / W,   SE² = var_i(Δm_i)/n + Σ_t (100·w_t/(W·|B̄_t|))²·s²_B,t/n_B,t</pre>
 * with W = Σ w_t and Welch–Satterthwaite degrees of freedom over those terms. With equal weights the point value
 * equals {@link DeltaM} of the means. A task of weight 0 is left out of Δm but keeps its own Δ and interval.
 *
 * @param perTask each task's Δ with its own interval, in the order given
 */
public record RepeatedDeltaM(double percent, double low, double high, double degreesOfFreedom,
                             List<RepeatedDelta> perTask) {
    public RepeatedDeltaM {
        perTask = List.copyOf(perTask);
    }

    /**
     * One task's repeated measurements: the multi-task model's per seed (aligned across tasks) and the baseline's.
     *
     * @param weight the task's weight in Δm (≥ 0)
     */
    public record TaskSamples(String task, Sample multiTask, Sample singleTask, boolean higherIsBetter, double weight) {
        public TaskSamples {
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("task '" + task + "' has weight " + weight + "; it must be >= 0");
            }
        }

        public TaskSamples(String task, Sample multiTask, Sample singleTask, boolean higherIsBetter) {
            this(task, multiTask, singleTask, higherIsBetter, 1.0);
        }
    }

    public static RepeatedDeltaM of(List<TaskSamples> tasks) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("Δm needs at least one task");
        }
        int seeds = tasks.get(0).multiTask().n();
        for (TaskSamples t : tasks) {
            if (t.multiTask().n() != seeds) {
                throw new IllegalArgumentException("task '" + t.task() + "' has " + t.multiTask().n()
                        + " multi-task runs, the first task " + seeds + "; they must be the same seeds");
            }
        }
        int size = tasks.size();
        double total = tasks.stream().mapToDouble(TaskSamples::weight).sum();
        if (total == 0) {
            throw new IllegalArgumentException("Δm needs a task of positive weight");
        }
        double[] perSeed = new double[seeds];
        List<RepeatedDelta> deltas = new ArrayList<>();
        double[] variances = new double[size + 1];
        int[] counts = new int[size + 1];
        for (int k = 0; k < size; k++) {
            TaskSamples t = tasks.get(k);
            double b = t.singleTask().mean();
            deltas.add(RepeatedDelta.of(t.task(), t.multiTask(), t.singleTask(), t.higherIsBetter()));
            double scale = 100 / Math.abs(b);
            double sign = t.higherIsBetter() ? 1 : -1;
            double[] m = t.multiTask().values();
            for (int i = 0; i < seeds; i++) {
                perSeed[i] += t.weight() * sign * (m[i] - b) * scale / total;
            }
            double c = t.weight() * scale / total;
            variances[k + 1] = c * c * t.singleTask().variance() / t.singleTask().n();
            counts[k + 1] = t.singleTask().n();
        }
        Sample dm = new Sample(perSeed);
        variances[0] = dm.variance() / seeds;
        counts[0] = seeds;
        double se = 0;
        for (double v : variances) {
            se += v;
        }
        se = Math.sqrt(se);
        double df = RepeatedDelta.welch(variances, counts);
        double half = se == 0 ? 0 : StudentT.quantile(0.5 + RepeatedDelta.LEVEL / 2, df) * se;
        double percent = dm.mean();
        return new RepeatedDeltaM(percent, percent - half, percent + half, df, deltas);
    }

    /** Tasks whose loss is significant ({@link RepeatedDelta#significantLoss}), in the order given. */
    public List<String> significantLosses(double maxDropPercent) {
        return perTask.stream().filter(d -> d.significantLoss(maxDropPercent)).map(RepeatedDelta::task).toList();
    }
}
