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
 * @param crossover      NSGA-II and NSGA-III: how two (BLX-α, uniform, SBX) or three (SPX, UNDX) parents breed a child
 */
public record SamplerChoice(Kind kind, int startupTrials, int populationSize, long seed, Crossover crossover) {
    public enum Kind { TPE, RANDOM, NSGA2, NSGA3, CMAES, QMC }

    /** The genetic samplers' crossovers, by the names a spec gives them. */
    public enum Crossover {
        BLX_ALPHA("blx_alpha", 2), UNIFORM("uniform", 2), SBX("sbx", 2), SPX("spx", 3), UNDX("undx", 3);

        private final String specName;
        private final int parents;

        Crossover(String specName, int parents) {
            this.specName = specName;
            this.parents = parents;
        }

        public String specName() {
            return specName;
        }

        /** Parents per child: a population smaller than this cannot breed. */
        public int parents() {
            return parents;
        }
    }
}
