package io.branchwise.space.sampler.cmaes;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SymmetricEigenTest {

    @Test
    void decomposesRandomSpdMatrix() {
        Random random = new Random(7);
        int n = 9;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = random.nextGaussian();
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += m[k][i] * m[k][j];
                }
            }
            a[i][i] += 0.01;
        }
        SymmetricEigen eigen = SymmetricEigen.of(a);

        double trace = 0.0;
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            trace += a[i][i];
            sum += eigen.value(i);
            assertThat(eigen.value(i)).isPositive();
            for (int r = 0; r < n; r++) {
                double av = 0.0;
                for (int k = 0; k < n; k++) {
                    av += a[r][k] * eigen.vector(k, i);
                }
                assertThat(av).isCloseTo(eigen.value(i) * eigen.vector(r, i), within(1e-9));
            }
            for (int j = 0; j < n; j++) {
                double dot = 0.0;
                for (int k = 0; k < n; k++) {
                    dot += eigen.vector(k, i) * eigen.vector(k, j);
                }
                assertThat(dot).isCloseTo(i == j ? 1.0 : 0.0, within(1e-12));
            }
        }
        assertThat(sum).isCloseTo(trace, within(1e-9));
    }

    @Test
    void diagonalAndRepeatedEigenvalues() {
        SymmetricEigen diagonal = SymmetricEigen.of(new double[][] {{3, 0}, {0, 5}});
        assertThat(new double[] {diagonal.value(0), diagonal.value(1)}).containsExactly(3, 5);

        // [[2,1],[1,2]] has eigenvalues 1 and 3 with eigenvectors along the diagonals.
        SymmetricEigen rotated = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        double lo = Math.min(rotated.value(0), rotated.value(1));
        double hi = Math.max(rotated.value(0), rotated.value(1));
        assertThat(lo).isCloseTo(1.0, within(1e-12));
        assertThat(hi).isCloseTo(3.0, within(1e-12));
        int big = rotated.value(0) > rotated.value(1) ? 0 : 1;
        assertThat(Math.abs(rotated.vector(0, big))).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(rotated.vector(0, big) * rotated.vector(1, big)).isPositive();
    }
}
