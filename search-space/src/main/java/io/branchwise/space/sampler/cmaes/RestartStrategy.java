package io.branchwise.space.sampler.cmaes;

/** What CMA-ES does when a run stagnates. */
public enum RestartStrategy {
    /** Keep the run going, however flat it has become. */
    NONE,
    /** Restart from a fresh random mean with the population multiplied by {@code incPopsize} (Auger & Hansen 2005). */
    IPOP
}
