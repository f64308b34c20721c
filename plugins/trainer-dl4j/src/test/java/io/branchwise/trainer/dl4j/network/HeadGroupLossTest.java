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
        INDArray z = Nd4j.randn(DataType.FLOAT, rows, 13).muli(3);
        // What the clips and signs are for: saturated logits (past the 1e-5 and 1e-10 clips), an exact MAE hit, a
        // diverged head (NaN, whose clipped score libnd4j keeps finite), and soft labels on the softmax heads.
        z.putScalar(0, 0, 40);
        z.putScalar(1, 0, -40);
        z.putScalar(2, 1, 20);
        z.putScalar(3, 5, -60);
        z.putScalar(4, 9, Float.NaN);
        z.putScalar(5, 0, Float.NaN);
        z.putScalar(6, 2, Float.NaN);
        z.putScalar(7, 10, 80);
        z.putScalar(8, 9, y.getFloat(8, 9));
        for (int j = 0; j < 4; j++) {
            y.putScalar(9, 5 + j, 0.25);
        }
        assertThat(SmallOutputLoss.fits(y, z, null, 13)).isTrue();
        HeadGroupLoss loss = new HeadGroupLoss(KINDS, WIDTHS);
        for (int i = 0; i < KINDS.length; i++) {
            loss.head(i).setWeight(0.5 + i);
        }
        INDArray gNd4j = Nd4j.createUninitialized(DataType.FLOAT, rows, 13);
        INDArray gJava = Nd4j.createUninitialized(DataType.FLOAT, rows, 13);
        double[] nd4j = loss.compute(y, z, gNd4j, false);
        double[] java = loss.compute(y, z, gJava, true);
        for (int i = 0; i < KINDS.length; i++) {
            same(java[i], nd4j[i], "head " + i + " (" + KINDS[i] + ")");
        }
        assertThat(nd4j[0]).as("a NaN logit's clipped score stays finite, as before").isFinite();
        float[] a = gJava.data().asFloat();
        float[] e = gNd4j.data().asFloat();
        for (int i = 0; i < e.length; i++) {
            same(a[i], e[i], "gradient[" + i + "]");
        }
        // Scores alone (no gradient) too, and a row view as scoreExamples would pass.
        assertThat(loss.compute(y, z, null, true)).containsExactly(java);
        double[] row = loss.compute(y.getRow(5, true), z.getRow(5, true), null, true);
        double[] rowNd4j = loss.compute(y.getRow(5, true), z.getRow(5, true), null, false);
        for (int i = 0; i < KINDS.length; i++) {
            same(row[i], rowNd4j[i], "row 5, head " + i);
        }
    }

    /** Equal within float rounding, or NaN on both paths. */
    private static void same(double actual, double expected, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else {
            assertThat(actual).as(what).isCloseTo(expected, within(1e-5 * Math.abs(expected) + 1e-6));
        }
    }

    @Test
    void largeOrStridedOutputsStayWithNd4j() {
        INDArray z = Nd4j.create(DataType.FLOAT, 10, 13);
        assertThat(SmallOutputLoss.fits(labels(10), z, null, 13)).isTrue();
        assertThat(SmallOutputLoss.fits(labels(10), z, z.dup(), 13)).isTrue();
        assertThat(SmallOutputLoss.fits(labels(10), z.castTo(DataType.DOUBLE), null, 13)).isFalse();
        assertThat(SmallOutputLoss.fits(labels(10).dup('f'), z, null, 13)).isFalse();
        assertThat(SmallOutputLoss.fits(labels(10), z, z.dup('f'), 13)).as("a column-major gradient").isFalse();
        assertThat(SmallOutputLoss.fits(labels(10), z, null, 12)).as("not the group's columns").isFalse();
        INDArray big = Nd4j.create(DataType.FLOAT, (int) (SmallOutputLoss.MAX_VALUES / 13) + 1, 13);
        assertThat(SmallOutputLoss.fits(big, big, null, 13)).isFalse();
    }
}
