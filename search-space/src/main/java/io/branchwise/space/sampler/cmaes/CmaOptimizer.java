package io.branchwise.space.sampler.cmaes;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * One run of CMA-ES (Hansen's (μ/μ_w, λ) strategy with rank-one and rank-μ covariance updates, cumulative
 * step-size adaptation and active (negative) recombination weights for the worse half) on the unit cube, optionally with margin (Hamano et
 * al. 2022) on discrete coordinates. Samples are x = m + σ·A·B·D·z with z ~ N(0, I), C = B·D²·Bᵀ and A a
 * diagonal scaling that only the margin correction touches (identity on continuous coordinates).
 */
final class CmaOptimizer {
    private static final int MAX_RESAMPLES = 100;
    private static final double TOL_FUN = 1e-12;
    private static final double TOL_X_FACTOR = 1e-12;
    private static final double TOL_X_UP = 1e4;
    private static final double TOL_CONDITION = 1e14;

    private final int n;
    private final int lambda;
    private final double[] weights;
    private final int mu;
    private final double mueff;
    private final double cc;
    private final double cs;
    private final double c1;
    private final double cmu;
    private final double damps;
    private final double chiN;
    private final double sigma0;
    private final DiscreteAxis[] axes;
    private final double margin;
    private final int historyLength;

    private final double[] mean;
    private final double[] scale;
    private final double[] pc;
    private final double[] ps;
    private final double[][] c;
    private final double[][] b;
    private final double[] d;
    private double sigma;
    private int generation;
    private final Deque<Double> bestHistory = new ArrayDeque<>();
    private double lastRange = Double.POSITIVE_INFINITY;

    /**
     * @param axes one entry per coordinate: the discrete axis to keep a margin on, or null (continuous, or margin
     *             disabled)
     */
    CmaOptimizer(double[] mean, double sigma0, int lambda, DiscreteAxis[] axes) {
        this.n = mean.length;
        if (lambda < 2) {
            throw new IllegalArgumentException("population size must be at least 2, got " + lambda);
        }
        this.lambda = lambda;
        int mu = lambda / 2;
        double[] raw = new double[lambda];
        double sumPositive = 0.0;
        double sumPositiveSq = 0.0;
        double sumNegative = 0.0;
        double sumNegativeSq = 0.0;
        for (int i = 0; i < lambda; i++) {
            raw[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
            if (i < mu) {
                sumPositive += raw[i];
                sumPositiveSq += raw[i] * raw[i];
            } else {
                sumNegative -= raw[i];
                sumNegativeSq += raw[i] * raw[i];
            }
        }
        this.mu = mu;
        this.mueff = sumPositive * sumPositive / sumPositiveSq;
        this.cc = (4.0 + mueff / n) / (n + 4.0 + 2.0 * mueff / n);
        this.cs = (mueff + 2.0) / (n + mueff + 5.0);
        this.c1 = 2.0 / ((n + 1.3) * (n + 1.3) + mueff);
        this.cmu = Math.min(1.0 - c1, 2.0 * (mueff - 2.0 + 1.0 / mueff) / ((n + 2.0) * (n + 2.0) + mueff));
        // Active CMA (Hansen 2016): the worse half gets negative weights, scaled so C stays positive definite;
        // it shrinks variance along directions that keep failing, which speeds up ill-conditioned problems.
        double mueffMinus = sumNegative > 0 ? sumNegative * sumNegative / sumNegativeSq : 0.0;
        double alphaMu = 1.0 + c1 / cmu;
        double alphaMueff = 1.0 + 2.0 * mueffMinus / (mueff + 2.0);
        double alphaPosdef = (1.0 - c1 - cmu) / (n * cmu);
        double negativeScale = Math.min(alphaMu, Math.min(alphaMueff, alphaPosdef)) / Math.max(sumNegative, 1e-300);
        this.weights = new double[lambda];
        for (int i = 0; i < lambda; i++) {
            weights[i] = i < mu ? raw[i] / sumPositive : raw[i] * negativeScale;
        }
        this.damps = 1.0 + 2.0 * Math.max(0.0, Math.sqrt((mueff - 1.0) / (n + 1.0)) - 1.0) + cs;
        this.chiN = Math.sqrt(n) * (1.0 - 1.0 / (4.0 * n) + 1.0 / (21.0 * n * n));
        this.sigma0 = sigma0;
        this.axes = axes.clone();
        this.margin = 1.0 / (n * (double) lambda);
        this.historyLength = 10 + (int) Math.ceil(30.0 * n / lambda);
        this.mean = mean.clone();
        this.scale = new double[n];
        Arrays.fill(scale, 1.0);
        this.pc = new double[n];
        this.ps = new double[n];
        this.c = new double[n][n];
        this.b = new double[n][n];
        this.d = new double[n];
        for (int i = 0; i < n; i++) {
            c[i][i] = 1.0;
            b[i][i] = 1.0;
            d[i] = 1.0;
        }
        this.sigma = sigma0;
        correctMargin();
    }

    int populationSize() {
        return lambda;
    }

    int generation() {
        return generation;
    }

    double sigma() {
        return sigma;
    }

    double[] mean() {
        return mean.clone();
    }

    /** The marginal standard deviation of coordinate i, margin scaling included. */
    double marginalStd(int i) {
        return sigma * scale[i] * Math.sqrt(c[i][i]);
    }

    /**
     * A candidate inside the unit cube: redrawn while it falls outside (as the {@code cmaes} package does), then
     * clipped, so the boundary region is not over-sampled by clipping alone.
     */
    double[] sample(Random random) {
        double[] x = new double[n];
        for (int attempt = 0; attempt < MAX_RESAMPLES; attempt++) {
            draw(random, x);
            if (insideUnitCube(x)) {
                return x;
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] = Math.max(0.0, Math.min(1.0, x[i]));
        }
        return x;
    }

    private void draw(Random random, double[] x) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = d[i] * random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            double y = 0.0;
            for (int k = 0; k < n; k++) {
                y += b[i][k] * z[k];
            }
            x[i] = mean[i] + sigma * scale[i] * y;
        }
    }

    private static boolean insideUnitCube(double[] x) {
        for (double v : x) {
            if (!(v >= 0.0 && v <= 1.0)) {
                return false;
            }
        }
        return true;
    }

    /** A candidate and its loss (lower is better; NaN already mapped to +∞ by the caller). */
    record Solution(double[] x, double loss, boolean injected) {
    }

    /** One generation's update from exactly {@link #populationSize()} evaluated solutions. */
    void tell(List<Solution> solutions) {
        if (solutions.size() != lambda) {
            throw new IllegalArgumentException("expected " + lambda + " solutions, got " + solutions.size());
        }
        Integer[] order = new Integer[lambda];
        for (int i = 0; i < lambda; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(solutions.get(i).loss(), solutions.get(j).loss()));

        double[][] ys = new double[lambda][];
        double[] yw = new double[n];
        for (int k = 0; k < lambda; k++) {
            Solution s = solutions.get(order[k]);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = (s.x()[i] - mean[i]) / (sigma * scale[i]);
            }
            if (s.injected()) {
                capMahalanobis(y);
            }
            ys[k] = y;
            if (k < mu) {
                for (int i = 0; i < n; i++) {
                    yw[i] += weights[k] * y[i];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] += sigma * scale[i] * yw[i];
        }

        double[] whitened = inverseSqrtC(yw);
        double csFactor = Math.sqrt(cs * (2.0 - cs) * mueff);
        for (int i = 0; i < n; i++) {
            ps[i] = (1.0 - cs) * ps[i] + csFactor * whitened[i];
        }
        double psNorm = norm(ps);
        boolean hsig = psNorm / Math.sqrt(1.0 - Math.pow(1.0 - cs, 2.0 * (generation + 1)))
                < (1.4 + 2.0 / (n + 1.0)) * chiN;
        double ccFactor = hsig ? Math.sqrt(cc * (2.0 - cc) * mueff) : 0.0;
        for (int i = 0; i < n; i++) {
            pc[i] = (1.0 - cc) * pc[i] + ccFactor * yw[i];
        }

        double weightSum = 0.0;
        double[] rankWeights = new double[lambda];
        for (int k = 0; k < lambda; k++) {
            weightSum += weights[k];
            // Negative weights act on steps rescaled to length √n, so one far-off bad sample cannot dominate.
            double length = k < mu ? 1.0 : norm(inverseSqrtC(ys[k]));
            rankWeights[k] = k < mu ? weights[k] : weights[k] * n / Math.max(length * length, 1e-300);
        }
        double keep = 1.0 - c1 - cmu * weightSum + (hsig ? 0.0 : c1 * cc * (2.0 - cc));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double rankMu = 0.0;
                for (int k = 0; k < lambda; k++) {
                    rankMu += rankWeights[k] * ys[k][i] * ys[k][j];
                }
                double v = keep * c[i][j] + c1 * pc[i] * pc[j] + cmu * rankMu;
                c[i][j] = v;
                c[j][i] = v;
            }
        }
        // Capped at e¹ per generation: a wild injected population must not blow σ up in one step.
        sigma *= Math.exp(Math.min(1.0, (cs / damps) * (psNorm / chiN - 1.0)));
        generation++;
        decompose();
        correctMargin();
        recordLosses(solutions, order);
    }

    /**
     * Shrinks a step taken by a solution the optimizer did not sample itself (a parallel worker's, a repaired
     * one): Hansen's rule for injected solutions, so it informs the mean without wrecking the step size.
     */
    private void capMahalanobis(double[] y) {
        double length = norm(inverseSqrtC(y));
        double cap = Math.sqrt(n) + 2.0 * n / (n + 2.0);
        if (length > cap) {
            for (int i = 0; i < n; i++) {
                y[i] *= cap / length;
            }
        }
    }

    /** C^(−1/2)·v = B·D⁻¹·Bᵀ·v. */
    private double[] inverseSqrtC(double[] v) {
        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
            double s = 0.0;
            for (int i = 0; i < n; i++) {
                s += b[i][k] * v[i];
            }
            t[k] = s / d[k];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0.0;
            for (int k = 0; k < n; k++) {
                s += b[i][k] * t[k];
            }
            out[i] = s;
        }
        return out;
    }

    private void decompose() {
        SymmetricEigen eigen = SymmetricEigen.of(c);
        for (int k = 0; k < n; k++) {
            d[k] = Math.sqrt(Math.max(eigen.value(k), 1e-300));
            for (int i = 0; i < n; i++) {
                b[i][k] = eigen.vector(i, k);
            }
        }
    }

    /**
     * Keeps at least α = 1/(nλ) probability of leaving the integer the mean encodes to, so a discrete coordinate
     * cannot freeze on one value (the failure CMA-ES with margin fixes). Interior cells get α/2 on each side, by
     * moving the mean and rescaling A so that both tail probabilities hit their targets; edge cells, which have one
     * neighbour, get α on that side by moving the mean toward it. σ and C are left alone, as in the paper.
     */
    private void correctMargin() {
        for (int j = 0; j < n; j++) {
            DiscreteAxis axis = axes[j];
            double std = marginalStd(j);
            if (axis == null || !(std > 0.0) || Double.isInfinite(std)) {
                continue;
            }
            double[] cell = axis.cellAround(mean[j]);
            double lower = cell[0];
            double upper = cell[1];
            if (Double.isNaN(lower) && Double.isNaN(upper)) {
                continue;
            }
            if (Double.isNaN(lower)) {
                if (StandardNormal.cdf((mean[j] - upper) / std) < margin) {
                    mean[j] = upper - std * StandardNormal.quantile(1.0 - margin);
                }
            } else if (Double.isNaN(upper)) {
                if (StandardNormal.cdf((lower - mean[j]) / std) < margin) {
                    mean[j] = lower + std * StandardNormal.quantile(1.0 - margin);
                }
            } else {
                double below = StandardNormal.cdf((lower - mean[j]) / std);
                double above = StandardNormal.cdf((mean[j] - upper) / std);
                if (below >= margin / 2 && above >= margin / 2) {
                    continue;
                }
                double zBelow = StandardNormal.quantile(1.0 - Math.max(below, margin / 2));
                double zAbove = StandardNormal.quantile(1.0 - Math.max(above, margin / 2));
                double newStd = (upper - lower) / (zBelow + zAbove);
                mean[j] = lower + zBelow * newStd;
                scale[j] = newStd / (sigma * Math.sqrt(c[j][j]));
            }
        }
    }

    private void recordLosses(List<Solution> solutions, Integer[] order) {
        double best = solutions.get(order[0]).loss();
        double worst = solutions.get(order[lambda - 1]).loss();
        lastRange = worst == best ? 0.0 : worst - best;
        bestHistory.addLast(best);
        if (bestHistory.size() > historyLength) {
            bestHistory.removeFirst();
        }
    }

    /**
     * Hansen's termination criteria, the signal for an IPOP restart: the losses went flat (tolfun), the search
     * collapsed (tolx, no effect along an axis or a coordinate), diverged (tolxup) or the covariance became
     * ill-conditioned — or the state stopped being finite at all.
     */
    boolean shouldStop() {
        if (!Double.isFinite(sigma) || sigma <= 0.0 || !allFinite(mean)) {
            return true;
        }
        if (generation == 0) {
            return false;
        }
        if (bestHistory.size() >= historyLength && lastRange < TOL_FUN) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : bestHistory) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (lo == hi || hi - lo < TOL_FUN) {
                return true;
            }
        }
        boolean tinyEverywhere = true;
        for (int i = 0; i < n; i++) {
            if (!(marginalStd(i) < TOL_X_FACTOR * sigma0 && sigma * scale[i] * Math.abs(pc[i]) < TOL_X_FACTOR * sigma0)) {
                tinyEverywhere = false;
                break;
            }
        }
        if (tinyEverywhere) {
            return true;
        }
        double dMax = Arrays.stream(d).max().orElse(1.0);
        double dMin = Arrays.stream(d).min().orElse(1.0);
        if (sigma * dMax > TOL_X_UP || (dMax / dMin) * (dMax / dMin) > TOL_CONDITION) {
            return true;
        }
        int axis = generation % n;
        boolean noEffectAxis = true;
        for (int i = 0; i < n; i++) {
            if (mean[i] != mean[i] + 0.1 * sigma * scale[i] * d[axis] * b[i][axis]) {
                noEffectAxis = false;
                break;
            }
        }
        if (noEffectAxis) {
            return true;
        }
        for (int i = 0; i < n; i++) {
            if (mean[i] == mean[i] + 0.2 * marginalStd(i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static double norm(double[] v) {
        double s = 0.0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
