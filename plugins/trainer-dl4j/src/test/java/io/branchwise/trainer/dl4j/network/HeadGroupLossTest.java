package io.branchwise.trainer.dl4j.network;

import io.branchwise.plugin.task.LossKind;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Java loops small outputs take compute the ND4J path's scores and gradients, head by head. */
class HeadGroupLossTest {
    private static final LossKind[] KINDS = {LossKind.BINARY_CROSS_ENTROPY, LossKind.BINARY_CROSS_ENTROPY,
            LossKind.MSE, LossKind.MSE, LossKind.SOFTMAX_CROSS_ENTROPY, LossKind.MAE, LossKind.SOFTMAX_CROSS_ENTROPY};
    private static final int[] WIDTHS = {1, 1, 1, 2, 4, 1, 3};

    /** Labels as the heads' bindings make them: 0/1 for binary, one-hot for softmax, anything for regression. */
    private static INDArray labels(int rows) {
        Nd4j.getRandom().setSeed(11);
        INDArray y = Nd4j.rand(DataType.FLOAT, rows, 13).muli(4).subi(2);
        for (int r = 0; r < rows; r++) {
            y.putScalar(r, 0, r % 2);
            y.putScalar(r, 1, (r / 2) % 2);
            for (int j = 0; j < 4; j++) {
                y.putScalar(r, 5 + j, j == r % 4 ? 1 : 0);
            }
            for (int j = 0; j < 3; j++) {
                y.putScalar(r, 10 + j, j == r % 3 ? 1 : 0);
            }
        }
        return y;
    }

    @Test
    void theJavaLoopsAgreeWithTheNd4jPathOnEveryKindOfHead() {
        int rows = 37;
        INDArray y = labels(rows);
        Nd4j.getRandom().setSeed(12);
        INDArray z = Nd4j.randn(DataType.FLOAT, rows, 13).muli(3); // large enough to reach the clipping
        assertThat(SmallOutputLoss.fits(y, z)).isTrue();
        HeadGroupLoss loss = new HeadGroupLoss(KINDS, WIDTHS);
        for (int i = 0; i < KINDS.length; i++) {
            loss.head(i).setWeight(0.5 + i);
        }
        INDArray gNd4j = Nd4j.createUninitialized(DataType.FLOAT, rows, 13);
        INDArray gJava = Nd4j.createUninitialized(DataType.FLOAT, rows, 13);
        double[] nd4j = loss.compute(y, z, gNd4j, false);
        double[] java = loss.compute(y, z, gJava, true);
        for (int i = 0; i < KINDS.length; i++) {
            assertThat(java[i]).as("head %d (%s)", i, KINDS[i]).isCloseTo(nd4j[i], within(1e-5 * Math.abs(nd4j[i]) + 1e-6));
        }
        float[] a = gJava.data().asFloat();
        float[] e = gNd4j.data().asFloat();
        for (int i = 0; i < e.length; i++) {
            assertThat(a[i]).as("gradient[%d]", i).isCloseTo(e[i], within(1e-6f + 1e-5f * Math.abs(e[i])));
        }
        // Scores alone (no gradient) too, and a row view as scoreExamples would pass.
        assertThat(loss.compute(y, z, null, true)).containsExactly(java);
        double[] row = loss.compute(y.getRow(5, true), z.getRow(5, true), null, true);
        double[] rowNd4j = loss.compute(y.getRow(5, true), z.getRow(5, true), null, false);
        for (int i = 0; i < KINDS.length; i++) {
            assertThat(row[i]).isCloseTo(rowNd4j[i], within(1e-5 * Math.abs(rowNd4j[i]) + 1e-6));
        }
    }

    @Test
    void largeOrStridedOutputsStayWithNd4j() {
        INDArray z = Nd4j.create(DataType.FLOAT, 10, 13);
        assertThat(SmallOutputLoss.fits(labels(10), z)).isTrue();
        assertThat(SmallOutputLoss.fits(labels(10), z.castTo(DataType.DOUBLE))).isFalse();
        assertThat(SmallOutputLoss.fits(labels(10).dup('f'), z)).isFalse();
        INDArray big = Nd4j.create(DataType.FLOAT, (int) (SmallOutputLoss.MAX_VALUES / 13) + 1, 13);
        assertThat(SmallOutputLoss.fits(big, big)).isFalse();
    }
}
