package io.branchwise.space.sampler.qmc;

/** Which low-discrepancy sequence a {@link QmcSampler} walks. */
public enum QmcType {
    SOBOL, HALTON
}
