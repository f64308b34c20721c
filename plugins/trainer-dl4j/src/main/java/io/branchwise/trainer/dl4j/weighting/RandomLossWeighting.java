package io.branchwise.trainer.dl4j.weighting;

import java.util.Random;

/**
 * RLW (Lin et al. 2021): fresh random weights every step, {@code T·softmax(z)} with {@code z ~ N(0, 1)} per task,
 * drawn from a generator seeded with the trial's seed so a trial can be replayed.
 */
public final class RandomLossWeighting implements LossBalancer {
    private final int tasks;
    private final Random random;

    public RandomLossWeighting(int tasks, long seed) {
        this.tasks = tasks;
        this.random = new Random(seed);
    }

    @Override
    public double[] stepWeights(long step) {
        double[] z = new double[tasks];
        for (int t = 0; t < tasks; t++) {
            z[t] = random.nextGaussian();
        }
        return Vectors.scaledSoftmax(z, 1.0, tasks);
    }
}
