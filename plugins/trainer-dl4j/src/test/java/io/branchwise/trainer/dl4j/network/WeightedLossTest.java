package io.branchwise.trainer.dl4j.network;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WeightedLossTest {
    private final INDArray labels = Nd4j.createFromArray(new float[][]{{1f}, {3f}});
    private final INDArray pre = Nd4j.createFromArray(new float[][]{{0f}, {1f}});

    @Test
    void scalesScoreAndGradientButRemembersTheUnweightedMean() {
        WeightedLoss loss = new WeightedLoss(new LossMSE());
        loss.setWeight(0.25);
        double summed = loss.computeScore(labels, pre, new ActivationIdentity(), null, false);
        // MSE per row: (0-1)² = 1 and (1-3)² = 4; summed over rows 5, weighted 1.25.
        assertThat(summed).isCloseTo(1.25, within(1e-6));
        assertThat(loss.lastMeanScore()).isCloseTo(2.5, within(1e-6));
        INDArray grad = loss.computeGradient(labels, pre, new ActivationIdentity(), null);
        // d/dpre (pre - y)² = 2(pre - y): -2 and -4, times 0.25.
        assertThat(grad.toDoubleVector()).containsExactly(new double[]{-0.5, -1.0}, within(1e-6));
    }

    @Test
    void weightZeroSilencesTheGradient() {
        WeightedLoss loss = new WeightedLoss(new LossMSE());
        loss.setWeight(0);
        assertThat(loss.computeGradient(labels, pre, new ActivationIdentity(), null).sumNumber().doubleValue()).isZero();
        assertThatThrownBy(() -> loss.setWeight(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
