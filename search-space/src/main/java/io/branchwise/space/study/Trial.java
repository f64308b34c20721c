package io.branchwise.space.study;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.DistributionCompatibility;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.json.JsonValue;
import io.branchwise.space.sampler.Sampler;

import java.util.List;
import java.util.Map;

/**
 * A running trial of an {@link InMemoryStudy}: the define-by-run face ({@code suggest*}, {@code report},
 * {@code shouldPrune}). The relative (joint) sample is drawn once, when the first parameter is asked for.
 */
public final class Trial {
    private final InMemoryStudy study;
    private final Sampler sampler;
    private final int number;
    private Map<String, Distribution> relativeSpace;
    private Map<String, Double> relativeParams;

    Trial(InMemoryStudy study, Sampler sampler, FrozenTrial created) {
        this.study = study;
        this.sampler = sampler;
        this.number = created.number();
        sampler.beforeTrial(study, created);
    }

    public int number() {
        return number;
    }

    public FrozenTrial snapshot() {
        return study.current(number);
    }

    public double suggestFloat(String name, double low, double high) {
        return suggest(name, new FloatDistribution(low, high, false, null));
    }

    public double suggestFloat(String name, double low, double high, boolean log) {
        return suggest(name, new FloatDistribution(low, high, log, null));
    }

    public double suggestFloat(String name, double low, double high, double step) {
        return suggest(name, new FloatDistribution(low, high, false, step));
    }

    public long suggestInt(String name, long low, long high) {
        return (long) suggest(name, new IntDistribution(low, high, false, 1));
    }

    public long suggestInt(String name, long low, long high, boolean log) {
        return (long) suggest(name, new IntDistribution(low, high, log, 1));
    }

    public JsonValue suggestCategorical(String name, List<JsonValue> choices) {
        CategoricalDistribution distribution = new CategoricalDistribution(choices);
        return distribution.toExternal(suggest(name, distribution));
    }

    /** Categorical over strings, the common case. */
    public String suggestCategorical(String name, String... choices) {
        List<JsonValue> values = java.util.Arrays.stream(choices).<JsonValue>map(JsonValue.JsonString::new).toList();
        return ((JsonValue.JsonString) suggestCategorical(name, values)).value();
    }

    /**
     * Draws (or returns the already drawn) internal value of a parameter. A name asked for twice must come with a
     * compatible distribution, as in Optuna.
     */
    public double suggest(String name, Distribution distribution) {
        FrozenTrial current = study.current(number);
        Double existing = current.params().get(name);
        if (existing != null) {
            DistributionCompatibility.check(current.distributions().get(name), distribution);
            return existing;
        }
        double internal;
        if (distribution.isSingle()) {
            internal = singleValue(distribution);
        } else {
            if (relativeSpace == null) {
                relativeSpace = sampler.inferRelativeSearchSpace(study, current);
                relativeParams = relativeSpace.isEmpty() ? Map.of() : sampler.sampleRelative(study, current, relativeSpace);
            }
            Double relative = relativeParams.get(name);
            if (relative != null && relativeSpace.get(name).equals(distribution) && distribution.contains(relative)) {
                internal = relative;
            } else {
                internal = sampler.sampleIndependent(study, current, name, distribution);
            }
        }
        study.update(current.toBuilder().param(name, internal, distribution).build());
        return internal;
    }

    /** Records Optuna's scalar intermediate value at {@code step}. */
    public void report(double value, long step) {
        study.update(study.current(number).toBuilder().intermediate(step, value).build());
    }

    /** Records one value per task at {@code step} (multi-task trials). */
    public void reportTasks(List<Double> vector, long step) {
        study.update(study.current(number).toBuilder().taskValues(step, vector).build());
    }

    public void setConstraints(List<Double> constraints) {
        study.update(study.current(number).toBuilder().constraints(constraints).build());
    }

    public void setUserAttr(String key, String json) {
        study.update(study.current(number).toBuilder().userAttr(key, json).build());
    }

    public boolean shouldPrune() {
        return study.shouldPrune(study.current(number));
    }

    private static double singleValue(Distribution distribution) {
        if (distribution instanceof FloatDistribution f) {
            return f.low();
        }
        if (distribution instanceof IntDistribution i) {
            return i.low();
        }
        return 0.0;
    }
}
