package io.branchwise.search.spec;

import io.branchwise.space.sampler.nsga.BlxAlphaCrossover;
import io.branchwise.space.sampler.nsga.SbxCrossover;
import io.branchwise.space.sampler.nsga.SpxCrossover;
import io.branchwise.space.sampler.nsga.UndxCrossover;
import io.branchwise.space.sampler.nsga.UniformCrossover;

import java.util.function.Supplier;

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

    /** The genetic samplers' crossovers, by the names a spec gives them, each with the library's default rates. */
    public enum Crossover {
        BLX_ALPHA("blx_alpha", BlxAlphaCrossover::new), UNIFORM("uniform", UniformCrossover::new),
        SBX("sbx", SbxCrossover::new), SPX("spx", SpxCrossover::new), UNDX("undx", UndxCrossover::new);

        private final String specName;
        private final Supplier<io.branchwise.space.sampler.nsga.Crossover> operator;

        Crossover(String specName, Supplier<io.branchwise.space.sampler.nsga.Crossover> operator) {
            this.specName = specName;
            this.operator = operator;
        }

        public String specName() {
            return specName;
        }

        /** A fresh operator (BLX α 0.5, uniform swapping 0.5, SBX η 20, SPX and UNDX scaled by dimension). */
        public io.branchwise.space.sampler.nsga.Crossover operator() {
            return operator.get();
        }
    }
}
