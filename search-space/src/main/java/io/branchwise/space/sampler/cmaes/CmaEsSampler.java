package io.branchwise.space.sampler.cmaes;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.sampler.IntersectionSearchSpace;
import io.branchwise.space.sampler.RandomSampler;
import io.branchwise.space.sampler.Sampler;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;
import io.branchwise.space.study.TrialState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * CMA-ES over the non-categorical part of the intersection search space, as Optuna's {@code CmaEsSampler}:
 * parameters are mapped to the unit cube ({@link RandomSampler#toUnit}, log-aware), a multivariate normal is
 * adapted there and proposals are mapped back. Categorical and conditional parameters, and every parameter of a
 * multi-objective study (CMA-ES here is single-objective), are drawn independently at random.
 *
 * <p>State: rather than storing the optimizer on trials (Optuna pickles it into system attrs), the state is a
 * pure function of the settings and the history of finished trials, rebuilt by {@link CmaReplay}. The last
 * replay is cached keyed by the exact trials it consumed and reused only while the history extends them, so a
 * rebuilt sampler, or one reading a different store, arrives at the same proposals.
 */
public final class CmaEsSampler implements Sampler {
    private final Settings settings;
    private CmaReplay cached;

    private CmaEsSampler(Settings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Map<String, Distribution> inferRelativeSearchSpace(StudyView study, FrozenTrial trial) {
        if (study.isMultiObjective()) {
            return Map.of();
        }
        Map<String, Distribution> space = new TreeMap<>(new IntersectionSearchSpace(settings.considerPrunedTrials()).of(study));
        space.values().removeIf(d -> d instanceof CategoricalDistribution);
        return space;
    }

    @Override
    public synchronized Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, Map<String, Distribution> space) {
        if (space.isEmpty() || study.isMultiObjective()) {
            return Map.of();
        }
        List<FrozenTrial> history = history(study, space);
        if (history.size() < settings.nStartupTrials()) {
            return Map.of();
        }
        return replay(space, history.subList(settings.nStartupTrials(), history.size()), study.direction())
                .propose(trial.number());
    }

    /** Drawn from a generator seeded by the trial and the parameter, so it does not depend on call order. */
    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        return RandomSampler.draw(distribution, new Random(seedOf(settings.seed(), trial.number(), name.hashCode())));
    }

    /** The replayed state for the study's current history (for inspection in tests). */
    synchronized CmaReplay replayOf(StudyView study) {
        Map<String, Distribution> space = inferRelativeSearchSpace(study, FrozenTrial.running(study.trials().size()));
        List<FrozenTrial> history = history(study, space);
        return replay(space, history.subList(Math.min(history.size(), settings.nStartupTrials()), history.size()),
                study.direction());
    }

    private CmaReplay replay(Map<String, Distribution> space, List<FrozenTrial> history, StudyDirection direction) {
        if (cached == null || !cached.continues(space, history)) {
            cached = new CmaReplay(settings, space);
        }
        double sign = direction == StudyDirection.MINIMIZE ? 1.0 : -1.0;
        cached.advance(history, t -> loss(t, sign));
        return cached;
    }

    /** Finished trials that carry a value and every parameter of {@code space}, ordered by number. */
    private List<FrozenTrial> history(StudyView study, Map<String, Distribution> space) {
        List<FrozenTrial> history = new ArrayList<>();
        for (FrozenTrial t : study.trials()) {
            boolean complete = t.state() == TrialState.COMPLETE && !t.values().isEmpty();
            boolean pruned = settings.considerPrunedTrials() && t.state() == TrialState.PRUNED && !Double.isNaN(rawValue(t));
            if ((complete || pruned)
                    && space.entrySet().stream().allMatch(e -> e.getValue().equals(t.distributions().get(e.getKey())))) {
                history.add(t);
            }
        }
        history.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return history;
    }

    /** Lower is better; NaN counts as the worst possible result, so a trial that produced garbage is avoided. */
    private static double loss(FrozenTrial trial, double sign) {
        double value = rawValue(trial);
        return Double.isNaN(value) ? Double.POSITIVE_INFINITY : sign * value;
    }

    /** A pruned trial is judged by its last reported value, as Optuna's {@code consider_pruned_trials} does. */
    private static double rawValue(FrozenTrial trial) {
        if (!trial.values().isEmpty()) {
            return trial.values().get(0);
        }
        return trial.intermediateValues().isEmpty() ? Double.NaN : trial.intermediateValues().lastEntry().getValue();
    }

    /** Mixes seed parts into one well-spread seed (SplitMix64's finaliser applied along the parts). */
    static long seedOf(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h ^= p;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
            h *= 0x94D049BB133111EBL;
            h ^= h >>> 29;
        }
        return h;
    }

    record Settings(long seed, double sigma0, Map<String, Double> x0, int populationSize, int nStartupTrials,
                    RestartStrategy restartStrategy, int incPopsize, boolean withMargin, boolean considerPrunedTrials) {
    }

    public static final class Builder {
        private long seed;
        private double sigma0 = 1.0 / 6.0;
        private final Map<String, Double> x0 = new LinkedHashMap<>();
        private int populationSize;
        private int nStartupTrials;
        private RestartStrategy restartStrategy = RestartStrategy.NONE;
        private int incPopsize = 2;
        private boolean withMargin;
        private boolean considerPrunedTrials;

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Initial step size in the unit cube, where every parameter's range has length 1. The default 1/6 is
         * Optuna's min(range)/6 after normalisation.
         */
        public Builder sigma0(double sigma0) {
            if (!(sigma0 > 0.0) || Double.isInfinite(sigma0)) {
                throw new IllegalArgumentException("sigma0 must be positive and finite, got " + sigma0);
            }
            this.sigma0 = sigma0;
            return this;
        }

        /** Initial mean as internal parameter values by name; parameters left out start mid-range. */
        public Builder x0(Map<String, Double> x0) {
            this.x0.clear();
            this.x0.putAll(x0);
            return this;
        }

        /** λ; 0 (the default) means 4 + ⌊3 ln n⌋ for n modelled parameters. */
        public Builder populationSize(int populationSize) {
            if (populationSize != 0 && populationSize < 2) {
                throw new IllegalArgumentException("populationSize must be at least 2 (or 0 for the default), got " + populationSize);
            }
            this.populationSize = populationSize;
            return this;
        }

        /** Trials sampled at random before CMA-ES starts; they are not told to the optimizer, as in Optuna. */
        public Builder nStartupTrials(int nStartupTrials) {
            if (nStartupTrials < 0) {
                throw new IllegalArgumentException("nStartupTrials must be >= 0, got " + nStartupTrials);
            }
            this.nStartupTrials = nStartupTrials;
            return this;
        }

        public Builder restartStrategy(RestartStrategy restartStrategy) {
            this.restartStrategy = java.util.Objects.requireNonNull(restartStrategy);
            return this;
        }

        /** Factor by which IPOP multiplies the population at each restart. */
        public Builder incPopsize(int incPopsize) {
            if (incPopsize < 1) {
                throw new IllegalArgumentException("incPopsize must be >= 1, got " + incPopsize);
            }
            this.incPopsize = incPopsize;
            return this;
        }

        /** CMA-ES with margin on int and stepped-float parameters, so they do not freeze on a single value. */
        public Builder withMargin(boolean withMargin) {
            this.withMargin = withMargin;
            return this;
        }

        /** Learn from pruned trials too, judged by their last intermediate value. */
        public Builder considerPrunedTrials(boolean considerPrunedTrials) {
            this.considerPrunedTrials = considerPrunedTrials;
            return this;
        }

        public CmaEsSampler build() {
            return new CmaEsSampler(new Settings(seed, sigma0, Map.copyOf(x0), populationSize, nStartupTrials,
                    restartStrategy, incPopsize, withMargin, considerPrunedTrials));
        }
    }
}
