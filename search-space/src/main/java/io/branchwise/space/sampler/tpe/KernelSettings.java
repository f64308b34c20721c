package io.branchwise.space.sampler.tpe;

/**
 * How kernels are placed, shared by every Parzen estimator of a sampler.
 *
 * @param priorWeight       weight of the prior kernel (uniform-ish over the whole range) relative to one observation
 * @param magicClip         keep bandwidths at least range / min(100, 1 + kernels) wide (Bergstra's "magic clip")
 * @param considerEndpoints let the range's ends count as neighbours of the outermost observations
 * @param bandwidthWeighted continuous kernels without their 1/σ factor, so each weighs in proportion to its
 *                          bandwidth. This is what Optuna 3.1's truncated-normal log-pdf computes; wide kernels (the
 *                          prior, isolated good points) then count for more, which in our runs made TPE markedly
 *                          better on smooth problems (sphere-5d, 200 trials, 20 seeds: median best 0.10 vs 0.24 with
 *                          normalised kernels). Stepped ranges use true cell probabilities either way. Joint
 *                          estimators follow it only under {@link JointBandwidth#OPTUNA}.
 * @param jointBandwidth    the bandwidth rule of multivariate (joint) estimators
 */
record KernelSettings(double priorWeight, boolean magicClip, boolean considerEndpoints, boolean bandwidthWeighted,
                      JointBandwidth jointBandwidth) {
    private static final double TINY_BANDWIDTH = 1e-12;

    KernelSettings {
        if (!(priorWeight > 0) || Double.isInfinite(priorWeight)) {
            throw new IllegalArgumentException("priorWeight must be positive and finite, got " + priorWeight);
        }
        java.util.Objects.requireNonNull(jointBandwidth);
    }

    /** Settings with Optuna 3.1's joint bandwidth rule. */
    KernelSettings(double priorWeight, boolean magicClip, boolean considerEndpoints, boolean bandwidthWeighted) {
        this(priorWeight, magicClip, considerEndpoints, bandwidthWeighted, JointBandwidth.OPTUNA);
    }

    /** Whether joint estimators drop their continuous kernels' 1/σ (only under Optuna's joint rule). */
    boolean jointBandwidthWeighted() {
        return bandwidthWeighted && jointBandwidth == JointBandwidth.OPTUNA;
    }

    /** The narrowest bandwidth allowed when {@code kernels} kernels (prior included) share a range. */
    double minBandwidth(double width, int kernels) {
        return magicClip ? width / Math.min(100.0, 1.0 + kernels) : TINY_BANDWIDTH * width;
    }

    /** Observation weights followed by the prior's, scaled to sum to 1. */
    double[] withPrior(double[] observationWeights) {
        int n = observationWeights.length;
        double[] w = new double[n + 1];
        double total = priorWeight;
        for (int i = 0; i < n; i++) {
            w[i] = observationWeights[i];
            total += w[i];
        }
        w[n] = priorWeight;
        for (int i = 0; i <= n; i++) {
            w[i] /= total;
        }
        return w;
    }
}
