package io.branchwise.trainer.dl4j.weighting;

/** Small dense-vector helpers for the gradient-combining methods. Accumulates in double: vectors have ~10⁵ floats. */
final class Vectors {
    private Vectors() {
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** {@code y += alpha·x}. */
    static void axpy(double alpha, float[] x, float[] y) {
        float a = (float) alpha;
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    /** {@code Σ_t w_t·g_t}. */
    static float[] weightedSum(float[][] g, double[] w) {
        float[] out = new float[g[0].length];
        for (int t = 0; t < g.length; t++) {
            axpy(w[t], g[t], out);
        }
        return out;
    }

    /** The Gram matrix {@code G_ij = g_i·g_j}. */
    static double[][] gram(float[][] g) {
        int n = g.length;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                m[i][j] = m[j][i] = dot(g[i], g[j]);
            }
        }
        return m;
    }

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** {@code n·softmax(z / temperature)}: weights that sum to n, computed stably. */
    static double[] scaledSoftmax(double[] z, double temperature, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v / temperature);
        }
        double[] e = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] / temperature - max);
            sum += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] = n * e[i] / sum;
        }
        return e;
    }
}
