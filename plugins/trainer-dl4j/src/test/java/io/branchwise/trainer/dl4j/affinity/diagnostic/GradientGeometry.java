package io.branchwise.trainer.dl4j.affinity.diagnostic;

import io.branchwise.trainer.dl4j.network.GradientAccess;
import io.branchwise.trainer.dl4j.network.MultiHeadNetwork;
import io.branchwise.trainer.dl4j.network.ParameterIndex;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * What a look-ahead affinity should be to first order, and the geometry behind it: for an SGD look-ahead of size
 * η, {@code 1 − L_j(θ − η·g_i)/L_j(θ) ≈ η·g_i·g_j / L_j} with g the tasks' gradients on the shared parameters.
 */
final class GradientGeometry {
    final double[][] firstOrder;
    final double[][] cosines;

    GradientGeometry(GradientAccess access, MultiDataSet batch, double stepSize) {
        MultiHeadNetwork net = access.network();
        ParameterIndex index = net.parameters();
        int n = net.taskCount();
        double[] losses = new double[n];
        float[][] full = access.taskGradients(batch, losses);
        float[][] shared = new float[n][index.sharedLength()];
        for (int t = 0; t < n; t++) {
            index.gatherShared(full[t], shared[t]);
        }
        firstOrder = new double[n][n];
        cosines = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = dot(shared[i], shared[j]);
                firstOrder[i][j] = stepSize * dot / losses[j];
                cosines[i][j] = dot / Math.sqrt(dot(shared[i], shared[i]) * dot(shared[j], shared[j]));
            }
        }
    }

    /** Cosines between the tasks' output-layer weight vectors. */
    static double[][] headCosines(MultiHeadNetwork net) {
        int n = net.taskCount();
        float[][] w = new float[n][];
        for (int t = 0; t < n; t++) {
            w[t] = net.graph().getLayer("h" + t).getParam("W").dup().toFloatVector();
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i][j] = dot(w[i], w[j]) / Math.sqrt(dot(w[i], w[i]) * dot(w[j], w[j]));
            }
        }
        return c;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
