package io.branchwise.space.sampler.cmaes;

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. CMA-ES needs it once per generation
 * on an n×n covariance (n = number of modelled parameters, tens at most), where Jacobi's simplicity and its
 * accurate small eigenvalues matter more than its O(n³) sweeps.
 */
final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;

    private final double[] values;
    private final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /** Decomposes {@code matrix}, which is read as symmetric (its upper triangle wins) and left unchanged. */
    static SymmetricEigen of(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][n];
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = matrix[i][j];
                a[j][i] = matrix[i][j];
            }
            v[i][i] = 1.0;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonalNorm(a) > 1e-22 * diagonalNorm(a); sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0.0) {
                        rotate(a, v, p, q);
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return new SymmetricEigen(values, v);
    }

    /** Eigenvalue i, in no particular order. */
    double value(int i) {
        return values[i];
    }

    /** Component k of the unit eigenvector that belongs to {@link #value(int) value(i)}. */
    double vector(int k, int i) {
        return vectors[k][i];
    }

    int size() {
        return values.length;
    }

    /** One Jacobi rotation in the (p, q) plane, with the angle that zeroes a[p][q]. */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
        // The smaller root of t² + 2θt − 1 = 0 keeps the rotation under 45°, which is what makes sweeps converge.
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
        if (theta == 0.0) {
            t = 1.0;
        }
        double c = 1.0 / Math.sqrt(t * t + 1.0);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        a[p][q] = 0.0;
        a[q][p] = 0.0;
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static double offDiagonalNorm(double[][] a) {
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                if (i != j) {
                    sum += a[i][j] * a[i][j];
                }
            }
        }
        return sum;
    }

    private static double diagonalNorm(double[][] a) {
        double sum = Double.MIN_NORMAL;
        for (int i = 0; i < a.length; i++) {
            sum += a[i][i] * a[i][i];
        }
        return sum;
    }
}
