package io.branchwise.trainer.dl4j.weighting;

/** EW: every task's loss counts once; the step trains on {@code Σ L_t}. The baseline the other methods are judged by. */
public final class EqualWeighting implements LossBalancer {
    private final double[] ones;

    public EqualWeighting(int tasks) {
        ones = Vectors.filled(tasks, 1.0);
    }

    @Override
    public double[] stepWeights(long step) {
        return ones.clone();
    }
}
