package io.branchwise.space.sampler.tpe;

import java.util.Random;

/**
 * A one-parameter Parzen estimator over a numeric range: a weighted mixture of truncated Gaussians, one on every
 * observation plus a wide prior kernel, each observation's bandwidth being the larger gap to its neighbours
 * (Optuna's univariate rule). Kernels are kept sorted and merged when identical (repeated integers), and densities
 * skip blocks of kernels too far away to matter next to the prior, so a thousand observations cost little.
 */
final class UnivariateParzen {
    private static final int BLOCK = 16;

    private final Domain domain;
    private final double[] mu;
    private final double[] sigma;
    private final double[] inverseSigma;
    private final double[] cumulative;
    /** Density (or cell mass) factor: weight / (sigma · truncation mass), with 1/√2π for continuous ranges. */
    private final double[] coefficient;
    /** Squared standardised distance beyond which a kernel is negligible next to the prior. */
    private final double cutSquared;
    private final double[] blockLow;
    private final double[] blockHigh;

    /**
     * @param observations model-scale values
     * @param weights      one unnormalised weight per observation
     */
    UnivariateParzen(Domain domain, double[] observations, double[] weights, KernelSettings settings) {
        this.domain = domain;
        int n = observations.length;
        int count = n + 1;
        double[] w = settings.withPrior(weights);
        double[] m = new double[count];
        System.arraycopy(observations, 0, m, 0, n);
        m[n] = 0.5 * (domain.low + domain.high);
        int[] order = argsort(m, domain.low, domain.high);
        double width = domain.width();
        double minSigma = settings.minBandwidth(width, count);
        double[] sortedMu = new double[count];
        double[] sortedW = new double[count];
        double[] sortedSigma = new double[count];
        for (int i = 0; i < count; i++) {
            sortedMu[i] = m[order[i]];
            sortedW[i] = w[order[i]];
        }
        for (int i = 0; i < count; i++) {
            double left = sortedMu[i] - (i == 0 ? domain.low : sortedMu[i - 1]);
            double right = (i == count - 1 ? domain.high : sortedMu[i + 1]) - sortedMu[i];
            sortedSigma[i] = Math.max(left, right);
        }
        if (!settings.considerEndpoints() && count >= 2) {
            sortedSigma[0] = sortedMu[1] - sortedMu[0];
            sortedSigma[count - 1] = sortedMu[count - 1] - sortedMu[count - 2];
        }
        for (int i = 0; i < count; i++) {
            sortedSigma[i] = order[i] == n ? width : Math.max(minSigma, Math.min(width, sortedSigma[i]));
        }
        int merged = 0;
        for (int i = 0; i < count; i++) {
            if (merged > 0 && sortedMu[merged - 1] == sortedMu[i] && sortedSigma[merged - 1] == sortedSigma[i]) {
                sortedW[merged - 1] += sortedW[i];
            } else {
                sortedMu[merged] = sortedMu[i];
                sortedSigma[merged] = sortedSigma[i];
                sortedW[merged] = sortedW[i];
                merged++;
            }
        }
        mu = new double[merged];
        sigma = new double[merged];
        inverseSigma = new double[merged];
        cumulative = new double[merged];
        coefficient = new double[merged];
        double running = 0;
        double maxWeight = 0;
        for (int i = 0; i < merged; i++) {
            mu[i] = sortedMu[i];
            sigma[i] = sortedSigma[i];
            inverseSigma[i] = 1.0 / sigma[i];
            running += sortedW[i];
            cumulative[i] = running;
            maxWeight = Math.max(maxWeight, sortedW[i]);
            double z = Normal.mass((domain.low - mu[i]) / sigma[i], (domain.high - mu[i]) / sigma[i]);
            coefficient[i] = domain.discrete()
                    ? sortedW[i] / z
                    : sortedW[i] / (settings.bandwidthWeighted() ? z : sigma[i] * z) * Normal.pdf(0);
        }
        // Far kernels are skipped when even all of them together are below 1e-13 of the prior's density, which
        // never falls under ~0.35·w_prior/width inside the range (its bandwidth is the whole width).
        double priorShare = w[n];
        double ratio = merged * (maxWeight / priorShare) * (width / minSigma) * 10.0;
        double cut = Math.sqrt(2.0 * Math.log(1e13 * Math.max(1.0, ratio)));
        cutSquared = (cut + 0.5 * domain.step / minSigma) * (cut + 0.5 * domain.step / minSigma);
        int blocks = (merged + BLOCK - 1) / BLOCK;
        blockLow = new double[blocks];
        blockHigh = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            int start = b * BLOCK;
            int end = Math.min(merged, start + BLOCK);
            double widest = 0;
            for (int i = start; i < end; i++) {
                widest = Math.max(widest, sigma[i]);
            }
            double reach = cut * widest + 0.5 * domain.step;
            blockLow[b] = mu[start] - reach;
            blockHigh[b] = mu[end - 1] + reach;
        }
    }

    /** A draw on the model scale, already snapped onto the parameter's grid. */
    double sample(Random random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int k = 0;
        int hi = cumulative.length - 1;
        while (k < hi) {
            int mid = (k + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                k = mid + 1;
            }
        }
        return domain.snap(Normal.sampleTruncated(random, mu[k], sigma[k], domain.low, domain.high));
    }

    /** Log density (continuous ranges) or log probability (stepped ranges) at a snapped model value. */
    double logPdf(double x) {
        double total = 0;
        boolean discrete = domain.discrete();
        double halfStep = 0.5 * domain.step;
        for (int b = 0; b < blockLow.length; b++) {
            if (x < blockLow[b] || x > blockHigh[b]) {
                continue;
            }
            int end = Math.min(mu.length, (b + 1) * BLOCK);
            for (int i = b * BLOCK; i < end; i++) {
                double inv = inverseSigma[i];
                double z = (x - mu[i]) * inv;
                if (z * z > cutSquared) {
                    continue;
                }
                total += discrete
                        ? coefficient[i] * Normal.cellMass(z, halfStep * inv)
                        : coefficient[i] * Math.exp(-0.5 * z * z);
            }
        }
        return Math.log(total);
    }

    /**
     * Indices that sort values in [low, high] ascending. Each value becomes a fixed-point position in the range
     * with its index in the low bits of one long, so a primitive sort does it: at a thousand values, three times
     * faster than an indirect sort. The positions keep 63 − log2(n) bits, beyond double precision for n below
     * a thousand and far finer than any bandwidth above that; ties fall to the earlier index.
     */
    static int[] argsort(double[] values, double low, double high) {
        int n = values.length;
        int indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(n));
        double scale = Math.scalb(1.0, 62 - indexBits) / Math.max(high - low, Double.MIN_NORMAL);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long position = (long) Math.max(0.0, (values[i] - low) * scale);
            keys[i] = position << indexBits | i;
        }
        java.util.Arrays.sort(keys);
        int[] order = new int[n];
        long mask = (1L << indexBits) - 1;
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & mask);
        }
        return order;
    }
}
