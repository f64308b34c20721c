package io.branchwise.space.metric;

/**
 * One task's Δ (in percent, positive = better, as in {@link DeltaM}) between a model trained with several seeds and
 * its single-task baseline trained with several seeds, with a 95% confidence interval: Welch's t-interval for the
 * difference of the two means, scaled by the baseline's mean |B̄|:
 * <pre>  Δ = s·(M̄ − B̄)/|B̄|·100,  SE = √(s²_M/n_M + s²_B/n_B)/|B̄|·100,  Δ ± t(0.975, ν)·SE</pre>
 * with ν from Welch–Satterthwaite (a group of one seed contributes no variance and no degrees of freedom).
 *
 * @param percent      Δ in percent
 * @param low          the interval's lower end
 * @param high         the interval's upper end
 * @param noiseFloor   the baseline's own seed spread, 100·s_B/|B̄|: a Δ smaller than this is within training noise
 * @param degreesOfFreedom Welch–Satterthwaite's ν; infinite when nothing varied
 */
public record RepeatedDelta(String task, double percent, double low, double high, double noiseFloor,
                            double degreesOfFreedom) {
    static final double LEVEL = 0.95;

    public static RepeatedDelta of(String task, Sample multiTask, Sample singleTask, boolean higherIsBetter) {
        double b = singleTask.mean();
        if (b == 0) {
            throw new IllegalArgumentException("task '" + task + "': the baseline's mean is 0; Δ divides by it");
        }
        double scale = 100 / Math.abs(b);
        double sign = higherIsBetter ? 1 : -1;
        double percent = sign * (multiTask.mean() - b) * scale + 0.0; // + 0.0: no -0.0 for an unchanged task
        double vm = multiTask.variance() / multiTask.n();
        double vb = singleTask.variance() / singleTask.n();
        double se = Math.sqrt(vm + vb) * scale;
        double df = welch(new double[]{vm, vb}, new int[]{multiTask.n(), singleTask.n()});
        double half = se == 0 ? 0 : StudentT.quantile(0.5 + LEVEL / 2, df) * se;
        return new RepeatedDelta(task, percent, percent - half, percent + half, singleTask.sd() * scale, df);
    }

    /**
     * Welch–Satterthwaite's degrees of freedom for a sum of variance terms {@code v[i]} estimated from {@code n[i]}
     * values each; terms without spread (or from one value) add nothing.
     */
    static double welch(double[] v, int[] n) {
        double sum = 0;
        double denominator = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 0 && n[i] > 1) {
                sum += v[i];
                denominator += v[i] * v[i] / (n[i] - 1);
            }
        }
        return denominator == 0 ? Double.POSITIVE_INFINITY : sum * sum / denominator;
    }

    /**
     * Negative transfer that training noise does not explain: the whole interval lies below zero and below
     * {@code -maxDropPercent} (the loss the user accepts, ≥ 0).
     */
    public boolean significantLoss(double maxDropPercent) {
        return high < -Math.max(0, maxDropPercent);
    }
}
