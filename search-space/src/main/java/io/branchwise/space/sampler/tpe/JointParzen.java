package io.branchwise.space.sampler.tpe;

import java.util.Arrays;
import java.util.Random;

/**
 * A Parzen estimator over several parameters at once (multivariate TPE): one product kernel per observation
 * plus a prior kernel, sharing the mixture weights, so correlations between parameters survive. Each numeric
 * dimension's bandwidth follows {@link JointBandwidth}: Scott's rule on the observations' spread, or Optuna 3.1's
 * on the range width, clipped as in the univariate case.
 */
final class JointParzen {
    private static final double SIGMA0 = 0.2;
    /** Scott's normal-reference constant, (4/3)^(1/5) rounded as statsmodels and the textbooks have it. */
    private static final double SCOTT_FACTOR = 1.06;
    /** Stepped ranges with up to this many cells cache their cell log-masses by offset between value and kernel. */
    private static final int MAX_CACHED_CELLS = 1 << 15;
    /** Beyond this many σ the standard normal's tail is below half an ulp of 1: the kernel is not truncated. */
    private static final double UNTRUNCATED = 8.3;
    private static final double NEGLIGIBLE_LOG = 40.0;

    private final Domain[] domains;
    /** [dimension][kernel] model-scale kernel centres; the last kernel is the prior. */
    private final double[][] mu;
    /** [dimension][kernel]; observation kernels share one σ per dimension, the prior has the range width. */
    private final double[][] sigma;
    /** Normalised mixture weights, the prior's last. */
    private final double[] weight;
    private final double[] cumulative;
    /**
     * [kernel]: the sum over numeric dimensions of the kernel's log normalisation: −log Z (truncation) for stepped
     * dimensions, −log σ − log Z − log √2π for continuous ones (no −log σ when bandwidth-weighted).
     */
    private final double[] logNorm;
    /** [dimension]: 1/σ of the observation kernels of a continuous dimension. */
    private final double[] inverseBandwidth;
    /** [dimension][kernel]: a stepped dimension's observation kernels as grid positions; null for other dimensions. */
    private final int[][] gridIndex;
    /** [dimension]: log cell mass of an observation kernel by grid offset (centred), filled as needed. */
    private final double[][] cellCache;
    private final double[] categoricalLogHit;
    private final double[] categoricalLogMiss;
    /** How far below the largest log-term a kernel's term may be skipped, allowing for the spread of weights. */
    private final double negligible;
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
        weight = settings.withPrior(weights);
        cumulative = new double[count];
        double running = 0;
        double lightest = Double.POSITIVE_INFINITY;
        double heaviest = 0;
        for (int k = 0; k < count; k++) {
            running += weight[k];
            cumulative[k] = running;
            if (weight[k] > 0) {
                lightest = Math.min(lightest, weight[k]);
                heaviest = Math.max(heaviest, weight[k]);
            }
        }
        negligible = NEGLIGIBLE_LOG + Math.log(heaviest / lightest);
        mu = new double[dims][count];
        sigma = new double[dims][count];
        logNorm = new double[count];
        cellCache = new double[dims][];
        inverseBandwidth = new double[dims];
        gridIndex = new int[dims][];
        categoricalLogHit = new double[dims];
        categoricalLogMiss = new double[dims];
        double shrink = Math.pow(Math.max(n, 1), -1.0 / (dims + 4));
        boolean weighted = settings.jointBandwidthWeighted();
        for (int d = 0; d < dims; d++) {
            Domain domain = domains[d];
            double[] m = mu[d];
            System.arraycopy(observations[d], 0, m, 0, n);
            if (domain.categorical()) {
                double epsilon = settings.priorWeight() / count;
                categoricalLogHit[d] = Math.log((1.0 + epsilon) / (1.0 + domain.choices * epsilon));
                categoricalLogMiss[d] = Math.log(epsilon / (1.0 + domain.choices * epsilon));
                m[n] = -1;
                continue;
            }
            double width = domain.width();
            double spread = settings.jointBandwidth() == JointBandwidth.SCOTT
                    ? SCOTT_FACTOR * standardDeviation(observations[d], n) : SIGMA0 * width;
            double bandwidth = Math.max(settings.minBandwidth(width, count), Math.min(width, shrink * spread));
            Arrays.fill(sigma[d], bandwidth);
            inverseBandwidth[d] = 1.0 / bandwidth;
            m[n] = 0.5 * (domain.low + domain.high);
            sigma[d][n] = width;
            double shared = domain.discrete() ? 0.0 : -(weighted ? 0.0 : Math.log(bandwidth)) - Normal.LOG_SQRT_2PI;
            for (int k = 0; k < n; k++) {
                logNorm[k] += shared - logTruncationMass(domain, m[k], bandwidth);
            }
            logNorm[n] += (domain.discrete() ? 0.0 : -(weighted ? 0.0 : Math.log(width)) - Normal.LOG_SQRT_2PI)
                    - logTruncationMass(domain, m[n], width);
            if (domain.discrete()) {
                gridIndex[d] = new int[n];
                for (int k = 0; k < n; k++) {
                    gridIndex[d][k] = gridPosition(domain, m[k]);
                }
                long cells = Math.round(width / domain.step);
                if (cells <= MAX_CACHED_CELLS) {
                    cellCache[d] = new double[(int) (2 * cells + 1)];
                    Arrays.fill(cellCache[d], Double.NaN);
                }
            }
        }
        buffer = new double[count];
    }

    /** Population standard deviation of the first n values; 0 for fewer than two (the magic clip then decides). */
    private static double standardDeviation(double[] values, int n) {
        if (n < 2) {
            return 0.0;
        }
        double mean = 0;
        for (int k = 0; k < n; k++) {
            mean += values[k];
        }
        mean /= n;
        double squares = 0;
        for (int k = 0; k < n; k++) {
            squares += (values[k] - mean) * (values[k] - mean);
        }
        return Math.sqrt(squares / n);
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
        int n = weight.length - 1;
        double[] b = buffer;
        System.arraycopy(logNorm, 0, b, 0, n + 1);
        for (int d = 0; d < domains.length; d++) {
            Domain domain = domains[d];
            double[] m = mu[d];
            double v = x[d];
            if (domain.categorical()) {
                double hit = categoricalLogHit[d];
                double miss = categoricalLogMiss[d];
                for (int k = 0; k < n; k++) {
                    b[k] += m[k] == v ? hit : miss;
                }
                b[n] -= Math.log(domain.choices);
            } else if (domain.discrete()) {
                // Observation kernels share σ and sit on the grid, so a cell's mass depends only on the offset.
                int at = gridPosition(domain, v);
                int[] grid = gridIndex[d];
                double[] cache = cellCache[d];
                if (cache == null) {
                    for (int k = 0; k < n; k++) {
                        b[k] += logCell(d, at - grid[k]);
                    }
                } else {
                    int centre = cache.length / 2;
                    for (int k = 0; k < n; k++) {
                        double cell = cache[at - grid[k] + centre];
                        b[k] += cell == cell ? cell : fillCell(d, at - grid[k]);
                    }
                }
                double s = sigma[d][n];
                b[n] += Math.log(Normal.cellMass((v - m[n]) / s, 0.5 * domain.step / s));
            } else {
                double inv = inverseBandwidth[d];
                for (int k = 0; k < n; k++) {
                    double z = (v - m[k]) * inv;
                    b[k] -= 0.5 * z * z;
                }
                double z = (v - m[n]) / sigma[d][n];
                b[n] -= 0.5 * z * z;
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k <= n; k++) {
            max = b[k] > max ? b[k] : max;
        }
        // A term e^-40 below the largest (allowing for the weights' spread) changes the sum by less than 1e-17
        // of it, so its exp is skipped: exact to rounding for any realistic number of kernels.
        double floor = max - negligible;
        double sum = 0;
        for (int k = 0; k <= n; k++) {
            if (b[k] > floor) {
                sum += weight[k] * Math.exp(b[k] - max);
            }
        }
        return max + Math.log(sum);
    }

    /** log P(cell at the given grid offset from an observation kernel), before truncation. */
    private double logCell(int d, int offset) {
        double step = domains[d].step;
        double s = sigma[d][0];
        return Math.log(Normal.cellMass(offset * step / s, 0.5 * step / s));
    }

    private double fillCell(int d, int offset) {
        double cell = logCell(d, offset);
        cellCache[d][offset + cellCache[d].length / 2] = cell;
        return cell;
    }

    /** The index of the grid cell holding a model value of a stepped dimension. */
    private static int gridPosition(Domain domain, double value) {
        return (int) Math.round((value - domain.low) / domain.step - 0.5);
    }

    /** Log of the kernel's probability inside the range; exactly 0 (and cheap) for kernels far from both ends. */
    private static double logTruncationMass(Domain domain, double centre, double bandwidth) {
        if (centre - domain.low > UNTRUNCATED * bandwidth && domain.high - centre > UNTRUNCATED * bandwidth) {
            return 0.0;
        }
        return Math.log(Normal.mass((domain.low - centre) / bandwidth, (domain.high - centre) / bandwidth));
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
