package io.branchwise.trainer.dl4j.network;

/** One task's loss inside the network, whose weight the trainer sets per step and whose last value it reads. */
public interface HeadLoss {
    void setWeight(double weight);

    /** The unweighted loss of the last scored batch, averaged over its rows; NaN before any. */
    double lastMeanScore();
}
