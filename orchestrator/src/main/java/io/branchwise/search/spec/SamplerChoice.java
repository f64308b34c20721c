package io.branchwise.search.spec;

/**
 * {@code search.sampler}: {@code tpe} (default; multi-objective TPE for a per-task search), {@code nsga2},
 * {@code nsga3} (many objectives: a per-task search of several tasks), {@code cmaes} (numeric spaces only),
 * {@code qmc} (scrambled Sobol) or {@code random}.
 *
 * @param startupTrials  TPE and CMA-ES: random trials before it models the history
 * @param populationSize NSGA-II, NSGA-III and CMA-ES: trials per generation
 * @param seed           the sampler's seed, as Optuna's samplers take one: by default the spec's {@code seed}, so
 *                       that searches on the same data can differ in their sampler's luck alone
 */
public record SamplerChoice(Kind kind, int startupTrials, int populationSize, long seed) {
    public enum Kind { TPE, RANDOM, NSGA2, NSGA3, CMAES, QMC }
}
