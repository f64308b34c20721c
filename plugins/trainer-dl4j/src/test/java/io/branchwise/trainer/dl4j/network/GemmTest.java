package io.branchwise.trainer.dl4j.network;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;

/** The direct BLAS product agrees with ND4J's for every layout a layer hands it, and leaves the others to ND4J. */
class GemmTest {
    private static INDArray matrix(long rows, long cols, char order, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, rows, cols).dup(order);
    }

    private static void agrees(INDArray a, INDArray b, INDArray c0, boolean ta, boolean tb, double alpha, double beta) {
        INDArray expected = c0.dup(c0.ordering());
        INDArray actual = c0.dup(c0.ordering());
        Nd4j.gemm(a, b, expected, ta, tb, alpha, beta);
        Gemm.gemm(a, b, actual, ta, tb, alpha, beta);
        assertThat(actual.equalsWithEps(expected, 1e-5))
                .as("a %s%s, b %s%s, trans %s/%s, alpha %s beta %s", a.ordering(), a.shapeInfoToString(), b.ordering(),
                        b.shapeInfoToString(), ta, tb, alpha, beta).isTrue();
    }

    @Test
    void everyOrderAndTranspositionGivesNd4jsProduct() {
        long m = 7, k = 5, n = 3;
        for (char oa : new char[]{'c', 'f'}) {
            for (char ob : new char[]{'c', 'f'}) {
                for (boolean ta : new boolean[]{false, true}) {
                    for (boolean tb : new boolean[]{false, true}) {
                        INDArray a = ta ? matrix(k, m, oa, 1) : matrix(m, k, oa, 1);
                        INDArray b = tb ? matrix(n, k, ob, 2) : matrix(k, n, ob, 2);
                        agrees(a, b, matrix(m, n, 'c', 3), ta, tb, 1.0, 0.0);
                        agrees(a, b, matrix(m, n, 'c', 3), ta, tb, 0.5, 1.0);
                        agrees(a, b, matrix(m, n, 'f', 3), ta, tb, 1.0, 0.0); // a column-major result, as weight gradients are
                        agrees(a, b, matrix(m, n, 'f', 3), ta, tb, 2.0, 0.5);
                    }
                }
            }
        }
    }

    @Test
    void viewsVectorsAndFlattenedParametersAreReadAtTheirOwnOffset() {
        // Rows 5..11 of a larger matrix, as a mini-batch slice is.
        INDArray big = matrix(40, 6, 'c', 4);
        INDArray rows = big.get(NDArrayIndex.interval(5, 12), NDArrayIndex.all());
        agrees(rows, matrix(6, 4, 'f', 5), matrix(7, 4, 'c', 6), false, false, 1.0, 0.0);
        // A weight matrix that is a view into flattened parameters, column-major, as DL4J keeps them.
        INDArray params = matrix(1, 200, 'c', 7);
        INDArray w = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(30, 54)).reshape('f', 6, 4);
        agrees(rows, w, matrix(7, 4, 'c', 8), false, false, 1.0, 0.0);
        agrees(matrix(7, 4, 'c', 9), w, matrix(7, 6, 'c', 10), false, true, 1.0, 0.0);
        // A bias's row and a column of ones.
        agrees(Nd4j.ones(DataType.FLOAT, 7, 1), matrix(1, 4, 'c', 11), matrix(7, 4, 'c', 12), false, false, 1.0, 0.0);
        INDArray grad = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(100, 104));
        agrees(Nd4j.ones(DataType.FLOAT, 1, 7), matrix(7, 4, 'c', 13), grad.reshape(1, 4), false, false, 1.0, 0.0);
        // A column of a matrix: a column vector, read directly with the matrix's row stride.
        INDArray column = big.get(NDArrayIndex.interval(0, 7), NDArrayIndex.interval(2, 3));
        assertThat(Gemm.Layout.of(column)).isNotNull();
        agrees(matrix(3, 7, 'c', 14), column, matrix(3, 1, 'c', 15), false, false, 1.0, 0.0);
        // Every other row and column: no unit stride either way, left to ND4J, with the same result.
        INDArray sparse = big.get(NDArrayIndex.interval(0, 2, 14), NDArrayIndex.interval(0, 2, 6));
        assertThat(Gemm.Layout.of(sparse)).isNull();
        agrees(sparse, matrix(3, 4, 'c', 20), matrix(7, 4, 'c', 21), false, false, 1.0, 0.0);
        // Doubles too.
        agrees(matrix(3, 2, 'c', 16).castTo(DataType.DOUBLE), matrix(2, 2, 'c', 17).castTo(DataType.DOUBLE),
                matrix(3, 2, 'c', 18).castTo(DataType.DOUBLE), false, false, 1.0, 0.0);
    }

    @Test
    void theLayoutsALayerHandsItAreReadDirectly() {
        assertThat(Gemm.Layout.of(matrix(7, 5, 'c', 1))).extracting(Gemm.Layout::transposed).isEqualTo(false);
        assertThat(Gemm.Layout.of(matrix(7, 5, 'f', 1))).extracting(Gemm.Layout::transposed).isEqualTo(true);
        assertThat(Gemm.Layout.of(matrix(1, 5, 'c', 1))).isNotNull();
        assertThat(Gemm.Layout.of(matrix(7, 1, 'f', 1))).isNotNull();
        assertThat(Gemm.Layout.of(matrix(7, 5, 'c', 1).castTo(DataType.DOUBLE))).isNull();
    }

    @Test
    void aWeightGradientViewInsideTheFlatGradientsIsWrittenAndNothingAroundIt() {
        // DL4J's weight gradient: a column-major view in the middle of one flat array of every parameter's gradient.
        INDArray flat = Nd4j.valueArrayOf(new long[]{1, 100}, 7f, DataType.FLOAT);
        INDArray weightGrad = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(30, 54)).reshape('f', 6, 4);
        assertThat(Gemm.Layout.of(weightGrad)).extracting(Gemm.Layout::transposed).isEqualTo(true);
        INDArray x = matrix(9, 6, 'c', 22);
        INDArray delta = matrix(9, 4, 'c', 23);
        INDArray expected = Nd4j.create(DataType.FLOAT, new long[]{6, 4}, 'f');
        Nd4j.gemm(x, delta, expected, true, false, 1.0, 0.0);
        Gemm.gemm(x, delta, weightGrad, true, false, 1.0, 0.0);
        assertThat(weightGrad.equalsWithEps(expected, 1e-5)).isTrue();
        for (int i = 0; i < 100; i++) {
            if (i < 30 || i >= 54) {
                assertThat(flat.getFloat(0, i)).as("flat[%d], outside the view", i).isEqualTo(7f);
            }
        }
    }

    @Test
    void theBiasGradientIsWrittenIntoTheGradientView() {
        INDArray gradients = Nd4j.zeros(DataType.FLOAT, 1, 50);
        INDArray view = gradients.get(NDArrayIndex.point(0), NDArrayIndex.interval(10, 14));
        INDArray delta = matrix(9, 4, 'c', 19);
        Bias.Row row = new Bias.Row();
        Bias.gradient(delta, row.of(view));
        assertThat(view.equalsWithEps(delta.sum(0), 1e-5)).isTrue();
        // The row is made once per array: the same view for the same vector, a new one for another.
        assertThat(row.of(view)).isSameAs(row.of(view));
        INDArray other = gradients.get(NDArrayIndex.point(0), NDArrayIndex.interval(20, 24));
        assertThat(row.of(other).shape()).containsExactly(1, 4);
        Bias.gradient(delta, row.of(other));
        assertThat(other.equalsWithEps(delta.sum(0), 1e-5)).isTrue();
        assertThat(gradients.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 10)).sumNumber().doubleValue()).isZero();
        assertThat(gradients.get(NDArrayIndex.point(0), NDArrayIndex.interval(14, 20)).sumNumber().doubleValue()).isZero();
        assertThat(gradients.get(NDArrayIndex.point(0), NDArrayIndex.interval(24, 50)).sumNumber().doubleValue()).isZero();
    }
}
