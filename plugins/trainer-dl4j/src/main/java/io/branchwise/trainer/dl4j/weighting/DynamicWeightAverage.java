package io.branchwise.trainer.dl4j.weighting;

/**
 * DWA (Liu et al. 2019): a task whose loss fell less over the last epoch gets more weight next epoch. With
 * {@code r_t = L_t(e−1) / L_t(e−2)} from the mean training losses of the two previous epochs, the weights of epoch e
 * are {@code T·softmax(r / temperature)}. Until two epochs are done the weights are 1.
 */
public final class DynamicWeightAverage implements LossBalancer {
    private final int tasks;
    private final double temperature;
    private double[] previous;
    private double[] last;
    private double[] weights;

    public DynamicWeightAverage(int tasks, double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("DWA temperature must be positive, got " + temperature);
        }
        this.tasks = tasks;
        this.temperature = temperature;
        this.weights = Vectors.filled(tasks, 1.0);
    }

    @Override
    public double[] stepWeights(long step) {
        return weights.clone();
    }

    @Override
    public void afterEpoch(int epoch, double[] meanLosses) {
        previous = last;
        last = meanLosses.clone();
        if (previous != null) {
            double[] ratio = new double[tasks];
            for (int t = 0; t < tasks; t++) {
                // A zero loss has nothing left to learn; ratio 1 keeps it neutral rather than dividing by zero.
                ratio[t] = previous[t] > 0 ? last[t] / previous[t] : 1.0;
            }
            weights = Vectors.scaledSoftmax(ratio, temperature, tasks);
        }
    }
}
