package io.branchwise.space.sampler.qmc;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.sampler.RandomSampler;
import io.branchwise.space.sampler.Sampler;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyView;
import io.branchwise.space.study.TrialState;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * Quasi-Monte Carlo search, as Optuna's {@code QMCSampler}: the joint space is fixed by the first complete trial
 * (every non-single parameter, categoricals included, ordered by name), and trial n takes point n of the sequence,
 * so parallel workers never share a point and no counter needs storing. Until a trial completes, and for
 * parameters outside that space, values are drawn independently at random.
 */
public final class QmcSampler implements Sampler {
    private final long seed;
    private final QmcSequence sequence;

    private QmcSampler(long seed, QmcType type, boolean scramble) {
        this.seed = seed;
        this.sequence = type == QmcType.SOBOL ? new SobolSequence(scramble, seed) : new HaltonSequence(scramble, seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Map<String, Distribution> inferRelativeSearchSpace(StudyView study, FrozenTrial trial) {
        for (FrozenTrial t : study.trials()) {
            if (t.state() == TrialState.COMPLETE) {
                Map<String, Distribution> space = new TreeMap<>(t.distributions());
                space.values().removeIf(Distribution::isSingle);
                return space;
            }
        }
        return Map.of();
    }

    @Override
    public Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, Map<String, Distribution> space) {
        Map<String, Double> params = new LinkedHashMap<>();
        int dimension = 0;
        for (Map.Entry<String, Distribution> e : new TreeMap<>(space).entrySet()) {
            params.put(e.getKey(), RandomSampler.fromUnit(e.getValue(), sequence.coordinate(trial.number(), dimension++)));
        }
        return params;
    }

    /** Drawn from a generator seeded by the trial and the parameter, so it does not depend on call order. */
    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        return RandomSampler.draw(distribution, new Random(SobolSequence.mix(SobolSequence.mix(seed, trial.number()),
                name.hashCode())));
    }

    public static final class Builder {
        private long seed;
        private QmcType type = QmcType.SOBOL;
        private boolean scramble = true;

        private Builder() {
        }

        /** Seeds the scrambling and the independent draws; an unscrambled sequence is the same for every seed. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder type(QmcType type) {
            this.type = Objects.requireNonNull(type);
            return this;
        }

        public Builder scramble(boolean scramble) {
            this.scramble = scramble;
            return this;
        }

        public QmcSampler build() {
            return new QmcSampler(seed, type, scramble);
        }
    }
}
