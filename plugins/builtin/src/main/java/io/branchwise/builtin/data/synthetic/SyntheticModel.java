package io.branchwise.builtin.data.synthetic;

import java.util.Random;

/**
 * The generator of the synthetic benchmark (Ma et al., MMoE, KDD 2018, section 3.2), drawn once per seed:
 * <ul>
 *   <li>orthonormal u_1..u_T in R^d (Gram–Schmidt on Gaussian draws);</li>
 *   <li>w_t = c · Σ_k L_tk u_k with L the Cholesky factor of P, so |w_t| = c and cos(w_i, w_j) = P_ij;</li>
 *   <li>y_t = w_tᵀx + Σ_{i=1..m} sin(α_i w_tᵀx + β_i) + ε with x ~ N(0, I), α_i, β_i ~ N(0, 1) shared by all
 *       tasks, ε ~ N(0, noise variance).</li>
 * </ul>
 * The sines make the tasks non-linear, so two tasks with correlated w are related but not identical.
 */
public final class SyntheticModel {
    /** c, the length of every w_t, as in the MMoE paper. */
    public static final double SCALE = 0.3;
    /** m, the number of sine terms, as in the MMoE paper. */
    public static final int SINE_TERMS = 5;

    private final double[][] weights;
    private final double[] alphas;
    private final double[] betas;
    private final double noiseSd;

    private SyntheticModel(double[][] weights, double[] alphas, double[] betas, double noiseVariance) {
        this.weights = weights;
        this.alphas = alphas;
        this.betas = betas;
        this.noiseSd = Math.sqrt(noiseVariance);
    }

    /** The model for {@code correlation} in {@code dimensions} inputs, every draw from {@code random}. */
    static SyntheticModel draw(double[][] correlation, int dimensions, double noiseVariance, Random random) {
        int tasks = correlation.length;
        double[][] u = OrthonormalBasis.draw(tasks, dimensions, random);
        double[][] l = Cholesky.lower(correlation);
        double[][] w = new double[tasks][dimensions];
        for (int t = 0; t < tasks; t++) {
            for (int k = 0; k <= t; k++) {
                for (int i = 0; i < dimensions; i++) {
                    w[t][i] += SCALE * l[t][k] * u[k][i];
                }
            }
        }
        double[] alphas = new double[SINE_TERMS];
        double[] betas = new double[SINE_TERMS];
        for (int i = 0; i < SINE_TERMS; i++) {
            alphas[i] = random.nextGaussian();
            betas[i] = random.nextGaussian();
        }
        return new SyntheticModel(w, alphas, betas, noiseVariance);
    }

    /** w_t for each task (copies). */
    public double[][] weights() {
        double[][] out = new double[weights.length][];
        for (int t = 0; t < weights.length; t++) {
            out[t] = weights[t].clone();
        }
        return out;
    }

    public double[] alphas() {
        return alphas.clone();
    }

    public double[] betas() {
        return betas.clone();
    }

    public int tasks() {
        return weights.length;
    }

    public int dimensions() {
        return weights[0].length;
    }

    /** The noiseless target of task t at x. */
    public double signal(int task, double[] x) {
        double z = OrthonormalBasis.dot(weights[task], x);
        double y = z;
        for (int i = 0; i < SINE_TERMS; i++) {
            y += Math.sin(alphas[i] * z + betas[i]);
        }
        return y;
    }

    /**
     * Draws {@code rows} samples: features row-major into {@code features} (rows × d, as floats), targets into
     * {@code targets[task][row]}. The float features are what the targets are computed from, so a model seeing
     * the features sees exactly the inputs of the formula.
     */
    void sample(int rows, Random random, float[] features, double[][] targets) {
        int d = dimensions();
        double[] x = new double[d];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < d; i++) {
                float v = (float) random.nextGaussian();
                features[r * d + i] = v;
                x[i] = v;
            }
            for (int t = 0; t < weights.length; t++) {
                targets[t][r] = signal(t, x) + noiseSd * random.nextGaussian();
            }
        }
    }
}
