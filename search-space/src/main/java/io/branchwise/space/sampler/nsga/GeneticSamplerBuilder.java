package io.branchwise.space.sampler.nsga;

/**
 * The options NSGA-II and NSGA-III share, with Optuna's defaults. Self-typed so each sampler's builder can add its
 * own options and still chain.
 */
public abstract class GeneticSamplerBuilder<B extends GeneticSamplerBuilder<B>> {
    long seed;
    int populationSize = 50;
    Double mutationProb;
    Crossover crossover;
    double crossoverProb = 0.9;
    double swappingProb = 0.5;
    boolean constraints = true;

    GeneticSamplerBuilder() {
    }

    abstract B self();

    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Trials per generation, and the elite's size; at least 2. Default 50. */
    public B populationSize(int populationSize) {
        if (populationSize < 2) {
            throw new IllegalArgumentException("populationSize must be >= 2, got " + populationSize);
        }
        this.populationSize = populationSize;
        return self();
    }

    /** Probability of redrawing each bred parameter at random; null (default) means 1 / number of parameters. */
    public B mutationProb(Double mutationProb) {
        if (mutationProb != null && !(mutationProb >= 0.0 && mutationProb <= 1.0)) {
            throw new IllegalArgumentException("mutationProb must be in [0, 1], got " + mutationProb);
        }
        this.mutationProb = mutationProb;
        return self();
    }

    /** The crossover operator; default {@link BlxAlphaCrossover} with α = 0.5 (Optuna's default is uniform). */
    public B crossover(Crossover crossover) {
        this.crossover = crossover;
        return self();
    }

    /** Probability that a child is bred by crossover rather than copied from one parent. Default 0.9. */
    public B crossoverProb(double crossoverProb) {
        if (!(crossoverProb >= 0.0 && crossoverProb <= 1.0)) {
            throw new IllegalArgumentException("crossoverProb must be in [0, 1], got " + crossoverProb);
        }
        this.crossoverProb = crossoverProb;
        return self();
    }

    /** The default uniform crossover's swapping probability. Default 0.5. */
    public B swappingProb(double swappingProb) {
        if (!(swappingProb >= 0.0 && swappingProb <= 1.0)) {
            throw new IllegalArgumentException("swappingProb must be in [0, 1], got " + swappingProb);
        }
        this.swappingProb = swappingProb;
        return self();
    }

    /**
     * Whether {@code FrozenTrial.constraints()} steer selection by constrained domination (feasible first, then
     * smaller total violation). Default true; it only has an effect once trials report constraints.
     */
    public B constraints(boolean constraints) {
        this.constraints = constraints;
        return self();
    }
}
