package io.branchwise.builtin.data.synthetic;

/** The Cholesky factor of a symmetric matrix, which exists exactly when the matrix is positive definite. */
final class Cholesky {
    /** Pivots below this count as zero: the matrix is then (numerically) only semi-definite. */
    static final double TOLERANCE = 1e-10;

    private Cholesky() {
    }

    /**
     * L lower-triangular with L Lᵀ = a.
     *
     * @throws IllegalArgumentException naming the first leading minor that is not positive
     */
    static double[][] lower(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > TOLERANCE)) {
                        throw new IllegalArgumentException("not positive definite: the leading " + (i + 1) + "×" + (i + 1)
                                + " block is singular or indefinite (pivot " + s + ")");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }
}
