package io.branchwise.space.sampler.tpe;

/**
 * S(x) = Σ_k c_k·exp(−½((x − μ_k)/σ_k)²) over kernels sorted by μ: the continuous part of a Parzen density.
 *
 * <p>Late in a study most "bad" observations crowd around the good region with the same clipped bandwidth, so a
 * candidate can have a thousand kernels within reach and each would cost an exp. Instead, runs of kernels that
 * share σ and lie within half a σ of each other form a box summed through a Taylor series about its middle c:
 * with u = (x − c)/σ and v_k = (μ_k − c)/σ,
 * <pre>  Σ c_k·e^{−(u − v_k)²/2} = e^{−u²/2} · Σ_n A_n·u^n,   A_n = Σ_k c_k·e^{−v_k²/2}·v_k^n / n!</pre>
 * Since |v_k| ≤ ¼, the n-th term is at most A_0·(|u|/4)^n/n!, so a few dozen moments computed once replace the
 * box's exps at every point, to about 1e-15 of the box's sum. Kernels (and boxes) further than {@code cut}
 * bandwidths from x are skipped, as the caller decides.
 */
final class GaussianSum {
    /** Boxes span at most this many σ, so |v| ≤ ¼. */
    private static final double BOX_SPAN = 0.5;
    /** Below this many kernels a box is cheaper to sum directly. */
    private static final int MIN_SERIES = 4;
    /** Relative size of the first neglected series term. */
    private static final double TOLERANCE = 1e-17;
    private static final int BLOCK = 16;
    private static final double[] INVERSE_FACTORIAL = inverseFactorials(200);

    /** Per unit (a lone kernel or a series box), in μ order. */
    private final double[] centre;
    private final double[] inverseSigma;
    /** A lone kernel's c; unused for boxes. */
    private final double[] coefficient;
    /** A box's largest |v|; negative for a lone kernel. */
    private final double[] half;
    private final double[] reachLow;
    private final double[] reachHigh;
    private final int units;
    /** order moments per box, box after box, in unit order. */
    private final double[] moments;
    private final int[] momentStart;
    private final int order;
    private final double cutSquared;
    private final double[] blockLow;
    private final double[] blockHigh;

    /**
     * @param mu          kernel centres, ascending
     * @param sigma       bandwidths
     * @param coefficient weights (with any normalisation folded in)
     * @param count       how many of the arrays' entries are kernels
     * @param cut         kernels further than this many of their σ are left out
     */
    GaussianSum(double[] mu, double[] sigma, double[] coefficient, int count, double cut) {
        this.cutSquared = cut * cut;
        double worstY = (cut + 0.5 * BOX_SPAN) * 0.5 * BOX_SPAN;
        this.order = seriesOrder(worstY);
        double[] c = new double[count];
        double[] inv = new double[count];
        double[] coef = new double[count];
        double[] h = new double[count];
        double[] low = new double[count];
        double[] high = new double[count];
        int[] start = new int[count];
        double[] m = new double[4 * order];
        int u = 0;
        int boxes = 0;
        for (int i = 0; i < count; ) {
            int end = i + 1;
            double s = sigma[i];
            while (end < count && sigma[end] == s && mu[end] - mu[i] <= BOX_SPAN * s) {
                end++;
            }
            if (end - i < MIN_SERIES) {
                for (int k = i; k < end; k++, u++) {
                    c[u] = mu[k];
                    inv[u] = 1.0 / sigma[k];
                    coef[u] = coefficient[k];
                    h[u] = -1;
                    low[u] = mu[k] - cut * sigma[k];
                    high[u] = mu[k] + cut * sigma[k];
                    start[u] = -1;
                }
            } else {
                double middle = 0.5 * (mu[i] + mu[end - 1]);
                double invS = 1.0 / s;
                int base = boxes * order;
                if (base + order > m.length) {
                    m = java.util.Arrays.copyOf(m, 2 * m.length);
                }
                // Σ_k a_k·v_k^n for every n, four kernels at a time so the multiplication chains overlap; n! after.
                for (int k = i; k < end; k += 4) {
                    double v0 = (mu[k] - middle) * invS;
                    double v1 = k + 1 < end ? (mu[k + 1] - middle) * invS : 0;
                    double v2 = k + 2 < end ? (mu[k + 2] - middle) * invS : 0;
                    double v3 = k + 3 < end ? (mu[k + 3] - middle) * invS : 0;
                    double p0 = coefficient[k] * Math.exp(-0.5 * v0 * v0);
                    double p1 = k + 1 < end ? coefficient[k + 1] * Math.exp(-0.5 * v1 * v1) : 0;
                    double p2 = k + 2 < end ? coefficient[k + 2] * Math.exp(-0.5 * v2 * v2) : 0;
                    double p3 = k + 3 < end ? coefficient[k + 3] * Math.exp(-0.5 * v3 * v3) : 0;
                    for (int n = 0; n < order; n++) {
                        m[base + n] += (p0 + p1) + (p2 + p3);
                        p0 *= v0;
                        p1 *= v1;
                        p2 *= v2;
                        p3 *= v3;
                    }
                }
                for (int n = 0; n < order; n++) {
                    m[base + n] *= INVERSE_FACTORIAL[n];
                }
                c[u] = middle;
                inv[u] = invS;
                h[u] = (mu[end - 1] - middle) * invS;
                low[u] = mu[i] - cut * s;
                high[u] = mu[end - 1] + cut * s;
                start[u] = base;
                boxes++;
                u++;
            }
            i = end;
        }
        this.units = u;
        this.centre = c;
        this.inverseSigma = inv;
        this.coefficient = coef;
        this.half = h;
        this.reachLow = low;
        this.reachHigh = high;
        this.momentStart = start;
        this.moments = m;
        int blocks = (u + BLOCK - 1) / BLOCK;
        blockLow = new double[blocks];
        blockHigh = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int j = b * BLOCK; j < Math.min(u, (b + 1) * BLOCK); j++) {
                lo = Math.min(lo, low[j]);
                hi = Math.max(hi, high[j]);
            }
            blockLow[b] = lo;
            blockHigh[b] = hi;
        }
    }

    double at(double x) {
        double total = 0;
        for (int b = 0; b < blockLow.length; b++) {
            if (x < blockLow[b] || x > blockHigh[b]) {
                continue;
            }
            int end = Math.min(units, (b + 1) * BLOCK);
            for (int j = b * BLOCK; j < end; j++) {
                if (x < reachLow[j] || x > reachHigh[j]) {
                    continue;
                }
                double z = (x - centre[j]) * inverseSigma[j];
                if (momentStart[j] < 0) {
                    if (z * z <= cutSquared) {
                        total += coefficient[j] * Math.exp(-0.5 * z * z);
                    }
                } else {
                    total += Math.exp(-0.5 * z * z) * series(momentStart[j], z, Math.abs(z) * half[j]);
                }
            }
        }
        return total;
    }

    /** Σ A_n·u^n, stopped once the next term is negligible: |A_n·u^n| ≤ A_0·y^n/n! with y = |u|·max|v|. */
    private double series(int base, double u, double y) {
        double sum = moments[base];
        double power = 1;
        double bound = 1;
        for (int n = 1; n < order; n++) {
            power *= u;
            sum += moments[base + n] * power;
            bound *= y / n;
            if (bound * y < TOLERANCE * (n + 1)) {
                break;
            }
        }
        return sum;
    }

    private static double[] inverseFactorials(int count) {
        double[] out = new double[count];
        out[0] = 1;
        for (int n = 1; n < count; n++) {
            out[n] = out[n - 1] / n;
        }
        return out;
    }

    /** Moments needed so the first neglected term is below TOLERANCE relative to A_0 at y = |u|·max|v|. */
    private static int seriesOrder(double y) {
        double bound = 1;
        int n = 0;
        while (bound > TOLERANCE && n < 200) {
            n++;
            bound *= y / n;
        }
        return n + 1;
    }
}
