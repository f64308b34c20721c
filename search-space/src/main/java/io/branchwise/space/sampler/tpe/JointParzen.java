package io.branchwise.space.sampler.tpe;

import java.util.Arrays;
import java.util.Random;

/**
 * A Parzen estimator over several parameters at once (multivariate TPE): one product kernel per observation
 * plus a prior kernel, sharing the mixture weights, so correlations between parameters survive. Numeric
 * bandwidths follow Optuna's Scott-like rule, 0.2 · n^(−1/(d+4)) · width, clipped as in the univariate case.
 */
final class JointParzen {
    private static final double SIGMA0 = 0.2;
    /** Stepped ranges with up to this many cells cache their cell log-masses by offset between value and kernel. */
    private static final int MAX_CACHED_CELLS = 1 << 15;

    private final Domain[] domains;
    /** [dimension][kernel] model-scale kernel centres; the last kernel is the prior. */
    private final double[][] mu;
    /** [dimension][kernel]. */
    private final double[][] sigma;
    private final double[] logWeight;
    private final double[] cumulative;
    /** [dimension][kernel]: −log σ − log Z − log √2π for continuous dimensions (no −log σ when bandwidth-weighted), −log Z for stepped ones. */
    private final double[][] logNorm;
    private final double[][] cellCache;
    private final double[] categoricalLogHit;
    private final double[] categoricalLogMiss;
    private final double[] buffer;

    /**
     * @param observations [dimension][observation] model-scale values; every observation has all dimensions
     * @param weights      one unnormalised weight per observation
     */
    JointParzen(Domain[] domains, double[][] observations, double[] weights, KernelSettings settings) {
        this.domains = domains;
        int dims = domains.length;
        int n = weights.length;
        int count = n + 1;
        double[] w = settings.withPrior(weights);
        logWeight = new double[count];
        cumulative = new double[count];
        double running = 0;
        for (int k = 0; k < count; k++) {
            logWeight[k] = Math.log(w[k]);
            running += w[k];
            cumulative[k] = running;
        }
        mu = new double[dims][count];
        sigma = new double[dims][count];
        logNorm = new double[dims][count];
        cellCache = new double[dims][];
        categoricalLogHit = new double[dims];
        categoricalLogMiss = new double[dims];
        double shrink = SIGMA0 * Math.pow(Math.max(n, 1), -1.0 / (dims + 4));
        for (int d = 0; d < dims; d++) {
            Domain domain = domains[d];
            System.arraycopy(observations[d], 0, mu[d], 0, n);
            if (domain.categorical()) {
                double epsilon = settings.priorWeight() / count;
                categoricalLogHit[d] = Math.log((1.0 + epsilon) / (1.0 + domain.choices * epsilon));
                categoricalLogMiss[d] = Math.log(epsilon / (1.0 + domain.choices * epsilon));
                mu[d][n] = -1;
                continue;
            }
            double width = domain.width();
            double bandwidth = Math.max(settings.minBandwidth(width, count), Math.min(width, shrink * width));
            Arrays.fill(sigma[d], bandwidth);
            mu[d][n] = 0.5 * (domain.low + domain.high);
            sigma[d][n] = width;
            for (int k = 0; k < count; k++) {
                double s = sigma[d][k];
                double z = Normal.mass((domain.low - mu[d][k]) / s, (domain.high - mu[d][k]) / s);
                double scale = settings.bandwidthWeighted() ? 0.0 : Math.log(s);
                logNorm[d][k] = domain.discrete() ? -Math.log(z) : -scale - Math.log(z) - Normal.LOG_SQRT_2PI;
            }
            if (domain.discrete()) {
                long cells = Math.round(width / domain.step);
                if (cells <= MAX_CACHED_CELLS) {
                    cellCache[d] = new double[(int) (2 * cells + 1)];
                    Arrays.fill(cellCache[d], Double.NaN);
                }
            }
        }
        buffer = new double[count];
    }

    /** A joint draw on the model scale, snapped onto each parameter's grid. */
    double[] sample(Random random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int k = Arrays.binarySearch(cumulative, u);
        k = Math.min(cumulative.length - 1, k >= 0 ? k + 1 : -k - 1);
        double[] x = new double[domains.length];
        for (int d = 0; d < domains.length; d++) {
            Domain domain = domains[d];
            if (domain.categorical()) {
                x[d] = sampleChoice(random, d, (int) mu[d][k]);
            } else {
                x[d] = domain.snap(Normal.sampleTruncated(random, mu[d][k], sigma[d][k], domain.low, domain.high));
            }
        }
        return x;
    }

    double logPdf(double[] x) {
        int count = logWeight.length;
        System.arraycopy(logWeight, 0, buffer, 0, count);
        for (int d = 0; d < domains.length; d++) {
            Domain domain = domains[d];
            double[] m = mu[d];
            double v = x[d];
            if (domain.categorical()) {
                double hit = categoricalLogHit[d];
                double miss = categoricalLogMiss[d];
                for (int k = 0; k < count - 1; k++) {
                    buffer[k] += m[k] == v ? hit : miss;
                }
                buffer[count - 1] -= Math.log(domain.choices);
            } else if (domain.discrete()) {
                for (int k = 0; k < count; k++) {
                    buffer[k] += logNorm[d][k] + logCell(d, k, v);
                }
            } else {
                double[] s = sigma[d];
                double[] norm = logNorm[d];
                for (int k = 0; k < count; k++) {
                    double z = (v - m[k]) / s[k];
                    buffer[k] += norm[k] - 0.5 * z * z;
                }
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            max = Math.max(max, buffer[k]);
        }
        double sum = 0;
        for (int k = 0; k < count; k++) {
            sum += Math.exp(buffer[k] - max);
        }
        return max + Math.log(sum);
    }

    /** log P(cell at v) under kernel k before truncation; observation kernels share σ, so offsets repeat. */
    private double logCell(int d, int k, double v) {
        Domain domain = domains[d];
        double s = sigma[d][k];
        double half = 0.5 * domain.step / s;
        double[] cache = cellCache[d];
        boolean prior = k == logWeight.length - 1;
        if (cache == null || prior) {
            return Math.log(Normal.cellMass((v - mu[d][k]) / s, half));
        }
        long offset = Math.round((v - mu[d][k]) / domain.step);
        int slot = (int) (offset + cache.length / 2);
        double cached = cache[slot];
        if (Double.isNaN(cached)) {
            cached = Math.log(Normal.cellMass(offset * domain.step / s, half));
            cache[slot] = cached;
        }
        return cached;
    }

    private double sampleChoice(Random random, int d, int observed) {
        int choices = domains[d].choices;
        if (observed < 0) {
            return random.nextInt(choices);
        }
        if (random.nextDouble() < Math.exp(categoricalLogHit[d])) {
            return observed;
        }
        int other = random.nextInt(choices - 1);
        return other >= observed ? other + 1 : other;
    }
}
