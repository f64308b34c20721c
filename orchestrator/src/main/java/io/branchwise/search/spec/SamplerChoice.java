package io.branchwise.search.spec;

/** {@code search.sampler}: {@code tpe} (default) or {@code random}, seeded from the spec's seed. */
public record SamplerChoice(Kind kind, int startupTrials) {
    public enum Kind { TPE, RANDOM }
}
