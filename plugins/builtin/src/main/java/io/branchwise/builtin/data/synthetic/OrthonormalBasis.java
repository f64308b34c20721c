package io.branchwise.builtin.data.synthetic;

import java.util.Random;

/** Random orthonormal vectors: Gram–Schmidt on Gaussian draws, the construction of the MMoE benchmark. */
final class OrthonormalBasis {
    private OrthonormalBasis() {
    }

    /**
     * {@code count} orthonormal vectors in R^{@code dimensions}. Each Gaussian draw is orthogonalised twice against
     * the vectors before it ("twice is enough": one pass of Gram–Schmidt loses orthogonality in floating point, and
     * the benchmark's promise cos(w_i, w_j) = P_ij rests on it).
     */
    static double[][] draw(int count, int dimensions, Random random) {
        if (count > dimensions) {
            throw new IllegalArgumentException(count + " orthonormal vectors do not fit in " + dimensions + " dimensions");
        }
        double[][] u = new double[count][];
        for (int k = 0; k < count; k++) {
            double[] v;
            do {
                v = new double[dimensions];
                for (int i = 0; i < dimensions; i++) {
                    v[i] = random.nextGaussian();
                }
                for (int pass = 0; pass < 2; pass++) {
                    for (int j = 0; j < k; j++) {
                        double dot = dot(v, u[j]);
                        for (int i = 0; i < dimensions; i++) {
                            v[i] -= dot * u[j][i];
                        }
                    }
                }
            } while (norm(v) < 1e-8); // a draw inside the span so far: vanishingly rare, draw again
            double n = norm(v);
            for (int i = 0; i < dimensions; i++) {
                v[i] /= n;
            }
            u[k] = v;
        }
        return u;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }
}
