package io.branchwise.trainer.dl4j.weighting;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** PCGrad, CAGrad and Nash-MTL on hand-made gradient vectors, against values worked out here independently. */
class GradientCombiningTest {

    private static TaskGradients grads(float[]... g) {
        return new TaskGradients(g, new double[g.length], new double[g.length]);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    // ---------------------------------------------------------------- PCGrad

    @Test
    void pcGradProjectsConflictingGradientsOntoEachOthersNormalPlane() {
        // g1·g2 = -1 < 0. g1' = g1 - (g1·g2/|g2|²) g2 = (1,0) + ½(-1,1) = (½,½); g2' = g2 - (g2·g1/|g1|²) g1 = (0,1).
        float[] g1 = {1, 0};
        float[] g2 = {-1, 1};
        Combination c = new PcGrad(2, 7).combine(grads(g1, g2), 0);
        assertThat(c.shared()).containsExactly(new float[]{0.5f, 1.5f}, within(1e-6f));
        assertThat(c.taskWeights()).containsExactly(1.0, 1.0);
        // The projected g1 (½,½) is orthogonal to g2, the projected g2 (0,1) has no component against g1.
        assertThat(dot(new float[]{0.5f, 0.5f}, g2)).isZero();
    }

    @Test
    void pcGradLeavesAgreeingGradientsAlone() {
        // g1·g2 = 1 + 0 + 2 = 3 > 0: no projection, the update is the plain sum.
        Combination c = new PcGrad(2, 7).combine(grads(new float[]{1, 0, 2}, new float[]{1, 1, 1}), 0);
        assertThat(c.shared()).containsExactly(new float[]{2, 1, 3}, within(1e-6f));
    }

    @Test
    void pcGradWithThreeTasksIsReproducibleForASeed() {
        float[][] g = {{1, 0, 0}, {-1, 1, 0}, {0, -1, 1}};
        float[] a = new PcGrad(3, 42).combine(grads(g), 0).shared();
        float[] b = new PcGrad(3, 42).combine(grads(g), 0).shared();
        assertThat(a).containsExactly(b);
    }

    // ---------------------------------------------------------------- CAGrad

    @Test
    void caGradWithZeroRadiusIsThePlainSum() {
        Combination c = new CaGrad(2, 0.0).combine(grads(new float[]{1, 2}, new float[]{-3, 0.5f}), 0);
        assertThat(c.shared()).containsExactly(new float[]{-2, 2.5f}, within(1e-5f));
    }

    @Test
    void caGradOnOrthogonalUnitGradientsByHand() {
        // Symmetric: w = (½,½), g_w = g0 = (½,½), d = g0 + c|g0|/|g0|·g0 = (1+c)·g0, scaled by T/(1+c²).
        double c = 0.5;
        Combination r = new CaGrad(2, c).combine(grads(new float[]{1, 0}, new float[]{0, 1}), 0);
        double expected = 2 * 0.5 * (1 + c) / (1 + c * c); // = 1.2
        assertThat(r.shared()).containsExactly(new float[]{(float) expected, (float) expected}, within(1e-5f));
    }

    @Test
    void caGradOnAnAsymmetricPairMatchesABruteForceSolution() {
        float[] g1 = {4, 0};
        float[] g2 = {-1, 1};
        double c = 0.6;
        float[] d = new CaGrad(2, c).combine(grads(g1, g2), 0).shared();

        // Independent solution: scan w = (p, 1-p) on a fine grid for min g_w·g0 + c|g0||g_w|.
        double[] g0 = {(g1[0] + g2[0]) / 2.0, (g1[1] + g2[1]) / 2.0};
        double g0Norm = Math.hypot(g0[0], g0[1]);
        double bestP = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= 1_000_000; k++) {
            double p = k / 1_000_000.0;
            double gx = p * g1[0] + (1 - p) * g2[0];
            double gy = p * g1[1] + (1 - p) * g2[1];
            double f = gx * g0[0] + gy * g0[1] + c * g0Norm * Math.hypot(gx, gy);
            if (f < best) {
                best = f;
                bestP = p;
            }
        }
        double gx = bestP * g1[0] + (1 - bestP) * g2[0];
        double gy = bestP * g1[1] + (1 - bestP) * g2[1];
        double lambda = c * g0Norm / Math.hypot(gx, gy);
        double ex = 2 * (g0[0] + lambda * gx) / (1 + c * c);
        double ey = 2 * (g0[1] + lambda * gy) / (1 + c * c);
        assertThat(d[0]).isCloseTo((float) ex, within(1e-4f));
        assertThat(d[1]).isCloseTo((float) ey, within(1e-4f));

        // And the point of CAGrad: the worse-off task improves more than under the plain mean.
        double worstMean = Math.min(dot(g1, new float[]{(float) g0[0], (float) g0[1]}), dot(g2, new float[]{(float) g0[0], (float) g0[1]}));
        double worstCa = Math.min(dot(g1, d), dot(g2, d)) / (2 / (1 + c * c)); // undo the output scaling
        assertThat(worstCa).isGreaterThan(worstMean);
    }

    @Test
    void simplexProjectionByHand() {
        assertThat(SimplexSolver.projectOntoSimplex(new double[]{0.3, 0.7})).containsExactly(new double[]{0.3, 0.7}, within(1e-12));
        assertThat(SimplexSolver.projectOntoSimplex(new double[]{2, 0})).containsExactly(new double[]{1, 0}, within(1e-12));
        // (0.6, 0.6, -1): shift by θ = 0.1 on the two positive entries → (0.5, 0.5, 0).
        assertThat(SimplexSolver.projectOntoSimplex(new double[]{0.6, 0.6, -1})).containsExactly(new double[]{0.5, 0.5, 0}, within(1e-12));
    }

    // ---------------------------------------------------------------- Nash-MTL

    @Test
    void nashMtlOnOrthogonalGradientsWeighsEachByItsInverseNorm() {
        // M = diag(|g_i|²), so α_i·|g_i|²·α_i = 1 → α_i = 1/|g_i| and d = Σ g_i/|g_i|.
        Combination c = new NashMtl(2, 1).combine(grads(new float[]{2, 0, 0}, new float[]{0, 0.5f, 0}), 0);
        assertThat(c.taskWeights()).containsExactly(new double[]{0.5, 2.0}, within(1e-6));
        assertThat(c.shared()).containsExactly(new float[]{1, 1, 0}, within(1e-5f));
    }

    @Test
    void nashMtlSolvesTheBargainingConditionsOnRandomGradients() {
        Random r = new Random(3);
        float[][] g = new float[4][20];
        for (float[] v : g) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
        }
        double[][] m = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                m[i][j] = dot(g[i], g[j]);
            }
        }
        double[] alpha = NashMtl.solve(m);
        for (int i = 0; i < 4; i++) {
            double ma = 0;
            for (int j = 0; j < 4; j++) {
                ma += m[i][j] * alpha[j];
            }
            assertThat(alpha[i]).isPositive();
            assertThat(alpha[i] * ma).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void nashMtlSolvesOnlyEveryUpdateEverySteps() {
        NashMtl nash = new NashMtl(2, 3);
        assertThat(nash.needsTaskGradients(0)).isTrue();
        assertThat(nash.needsTaskGradients(1)).isFalse();
        assertThat(nash.needsTaskGradients(2)).isFalse();
        assertThat(nash.needsTaskGradients(3)).isTrue();
        nash.combine(grads(new float[]{2, 0}, new float[]{0, 4}), 0);
        // Between solves the last α are the loss weights.
        assertThat(nash.stepWeights(1)).containsExactly(new double[]{0.5, 0.25}, within(1e-6));
    }
}
