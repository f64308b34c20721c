package io.branchwise.search.spec;

/**
 * {@code search.sampler}, seeded from the spec's seed: {@code tpe} (default; multi-objective TPE for a per-task
 * search), {@code nsga2}, {@code qmc} (scrambled Sobol) or {@code random}.
 *
 * @param startupTrials  TPE: random trials before it models the history
 * @param populationSize NSGA-II: trials per generation
 */
public record SamplerChoice(Kind kind, int startupTrials, int populationSize) {
    public enum Kind { TPE, RANDOM, NSGA2, QMC }
}
