package io.branchwise.trainer.dl4j.network;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A task head's loss scaled by a weight that may change between training steps. DL4J fixes a layer's loss at
 * configuration time; wrapping it is how one graph trains on {@code Σ w_t·L_t} with weights chosen per step, and
 * how per-task gradients are taken (weights one-hot). The wrapper also remembers the last unweighted score, so the
 * trainer learns every task's own loss from the same forward pass DL4J already made.
 *
 * <p>Jackson (inside DL4J's configuration JSON) serialises the fields {@code inner} and {@code weight}; the
 * remembered score is transient, so a saved model restores with this class and its last weight.
 */
public final class WeightedLoss implements ILossFunction, HeadLoss {
    private static final long serialVersionUID = 1L;

    private ILossFunction inner;
    private double weight = 1.0;
    private transient double lastScore = Double.NaN;
    private transient long lastRows;

    /** For Jackson. */
    private WeightedLoss() {
    }

    public WeightedLoss(ILossFunction inner) {
        this.inner = inner;
    }

    public ILossFunction inner() {
        return inner;
    }

    public double weight() {
        return weight;
    }

    @Override
    public void setWeight(double weight) {
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("a loss weight must be finite, got " + weight);
        }
        this.weight = weight;
    }

    @Override
    public double lastMeanScore() {
        return lastRows == 0 ? Double.NaN : lastScore / lastRows;
    }

    private void remember(double score, INDArray labels, boolean average) {
        // DL4J's output layers ask for the summed score and divide by the batch size themselves.
        lastRows = average ? 1 : labels.size(0);
        lastScore = score;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        double score = inner.computeScore(labels, preOutput, activationFn, mask, average);
        remember(score, labels, average);
        return weight * score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return inner.computeScoreArray(labels, preOutput, activationFn, mask).muli(weight);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray g = inner.computeGradient(labels, preOutput, activationFn, mask);
        return weight == 1.0 ? g : g.muli(weight); // one native call less per head and step in the common case
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        Pair<Double, INDArray> p = inner.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
        remember(p.getFirst(), labels, average);
        return new Pair<>(weight * p.getFirst(), p.getSecond().muli(weight));
    }

    @Override
    public String name() {
        return "weighted(" + inner.name() + ")";
    }

    @Override
    public String toString() {
        return weight + "·" + inner;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightedLoss w && w.inner.equals(inner) && w.weight == weight;
    }

    @Override
    public int hashCode() {
        return inner.hashCode() * 31 + Double.hashCode(weight);
    }
}
