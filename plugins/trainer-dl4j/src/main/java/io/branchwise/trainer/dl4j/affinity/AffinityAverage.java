package io.branchwise.trainer.dl4j.affinity;

import io.branchwise.space.grouping.AffinityMatrix;

import java.util.List;

/** The running mean of TAG measurements over a training run, as {@link AffinityMatrix} wants it. */
public final class AffinityAverage {
    private final List<String> tasks;
    private final double[][] sum;
    private long count;

    public AffinityAverage(List<String> tasks) {
        this.tasks = List.copyOf(tasks);
        this.sum = new double[tasks.size()][tasks.size()];
    }

    public void add(double[][] z) {
        if (z.length != tasks.size()) {
            throw new IllegalArgumentException("a measurement of " + z.length + " tasks, expected " + tasks.size());
        }
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < z.length; j++) {
                sum[i][j] += z[i][j];
            }
        }
        count++;
    }

    public long count() {
        return count;
    }

    /** The mean so far; null before the first measurement. */
    public AffinityMatrix mean() {
        if (count == 0) {
            return null;
        }
        double[][] mean = new double[sum.length][sum.length];
        for (int i = 0; i < sum.length; i++) {
            for (int j = 0; j < sum.length; j++) {
                mean[i][j] = sum[i][j] / count;
            }
        }
        return new AffinityMatrix(tasks, mean);
    }
}
