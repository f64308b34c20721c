package io.branchwise.space.weighting;

/** Ways to combine task losses (or task gradients) into one update; the trainer implements each. */
public enum WeightingMethod {
    /** Equal weights. */
    EW,
    /** Uncertainty weighting (Kendall et al. 2018): learned per-task log-variances. */
    UW,
    /** Dynamic weight average (Liu et al. 2019): softmax of loss ratios at temperature T. */
    DWA,
    /** GradNorm (Chen et al. 2018): balances gradient norms with restoring force alpha. */
    GRADNORM,
    /** PCGrad (Yu et al. 2020): projects away conflicting gradient components. */
    PCGRAD,
    /** Random loss weighting (Lin et al. 2021): fresh random weights every step. */
    RLW,
    /** CAGrad (Liu et al. 2021): conflict-averse direction within radius c of the mean gradient. */
    CAGRAD,
    /** Nash-MTL (Navon et al. 2022): Nash bargaining over task gradients. */
    NASH_MTL,
    /** Fixed weights on the simplex, searched like any other parameter. */
    STATIC
}
