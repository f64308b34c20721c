package io.branchwise.space.sampler.tpe;

/**
 * How multivariate TPE picks the bandwidth of each numeric dimension of its product kernels (every observation
 * shares it; the prior kernel keeps the whole width). Both are clipped to [magic clip, range width].
 */
public enum JointBandwidth {
    /**
     * Scott's normal-reference rule on the observations themselves, 1.06 · sd · n^(−1/(d+4)), with properly
     * normalised kernels: what BOHB's KDE (statsmodels {@code normal_reference}) uses. The kernels shrink as the
     * good observations gather, so the search can close in on an optimum. On the quality problems (200 trials,
     * median best of 100 seeds; Optuna 3.1's default, univariate TPE over 30 seeds in brackets): sphere-5d 0.043
     * (0.097), branin 0.3987 (0.4026), hartmann-6 −3.282 (−3.259), rosenbrock-10d 939 (916).
     */
    SCOTT,
    /**
     * Optuna 3.1's rule, 0.2 · n^(−1/(d+4)) · range width, whatever the observations' spread, with kernels weighted
     * as {@code bandwidthWeightedKernels} says (Optuna 3.1: bandwidth-weighted). In several dimensions the
     * bandwidth-weighted prior kernel outweighs the observations by (width/σ)^d, so the search stays close to
     * random: the same problems gave 0.28, 0.429, −3.15, 1973 (40 seeds).
     */
    OPTUNA
}
