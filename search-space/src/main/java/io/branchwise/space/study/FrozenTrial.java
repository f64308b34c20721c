package io.branchwise.space.study;

import io.branchwise.space.distribution.Distribution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of one trial, which is all a sampler or pruner ever sees. Parameters are in Optuna's
 * internal representation (see {@link Distribution}).
 *
 * <p>Intermediate results come in two forms: Optuna's scalar {@code intermediateValues} (step → value) and, for
 * multi-task trials, {@code taskValues} (step → one value per task, in the study's task order). Scalar pruners read
 * the first, vector pruners the second.
 *
 * @param values      one value per objective; empty while the trial has none (Optuna's {@code None})
 * @param constraints one value per constraint, feasible when all are ≤ 0; empty when the study has none
 */
public record FrozenTrial(
        int number,
        TrialState state,
        List<Double> values,
        Map<String, Double> params,
        Map<String, Distribution> distributions,
        NavigableMap<Long, Double> intermediateValues,
        NavigableMap<Long, List<Double>> taskValues,
        List<Double> constraints,
        Map<String, String> userAttrs,
        Map<String, String> systemAttrs) {

    public FrozenTrial {
        values = List.copyOf(values);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
        if (!params.keySet().equals(distributions.keySet())) {
            throw new IllegalArgumentException("params " + params.keySet() + " and distributions "
                    + distributions.keySet() + " must name the same parameters");
        }
        intermediateValues = Collections.unmodifiableNavigableMap(new TreeMap<>(intermediateValues));
        TreeMap<Long, List<Double>> tasks = new TreeMap<>();
        taskValues.forEach((step, vector) -> tasks.put(step, List.copyOf(vector)));
        taskValues = Collections.unmodifiableNavigableMap(tasks);
        constraints = List.copyOf(constraints);
        userAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(userAttrs));
        systemAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(systemAttrs));
    }

    /** A RUNNING trial with nothing set yet. */
    public static FrozenTrial running(int number) {
        return builder(number).build();
    }

    public static Builder builder(int number) {
        return new Builder(number);
    }

    public Builder toBuilder() {
        Builder b = new Builder(number).state(state).values(values).constraints(constraints);
        params.forEach((name, value) -> b.param(name, value, distributions.get(name)));
        b.intermediateValues.putAll(intermediateValues);
        b.taskValues.putAll(taskValues);
        b.userAttrs.putAll(userAttrs);
        b.systemAttrs.putAll(systemAttrs);
        return b;
    }

    /** The single objective's value; fails on a multi-objective trial or one without values. */
    public double value() {
        if (values.size() != 1) {
            throw new IllegalStateException("trial " + number + " has " + values.size() + " values, not one");
        }
        return values.get(0);
    }

    /** The last step reported, or -1 when none was. */
    public long lastStep() {
        long scalar = intermediateValues.isEmpty() ? -1 : intermediateValues.lastKey();
        long vector = taskValues.isEmpty() ? -1 : taskValues.lastKey();
        return Math.max(scalar, vector);
    }

    /** Feasible when every constraint value is ≤ 0; a trial without constraints is feasible. NaN is infeasible. */
    public boolean isFeasible() {
        for (double c : constraints) {
            if (!(c <= 0.0)) {
                return false;
            }
        }
        return true;
    }

    /** The sum of positive constraint values: 0 for a feasible trial, larger the more it violates. */
    public double constraintViolation() {
        double total = 0.0;
        for (double c : constraints) {
            total += Double.isNaN(c) ? Double.POSITIVE_INFINITY : Math.max(0.0, c);
        }
        return total;
    }

    public static final class Builder {
        private final int number;
        private TrialState state = TrialState.RUNNING;
        private List<Double> values = List.of();
        private final Map<String, Double> params = new LinkedHashMap<>();
        private final Map<String, Distribution> distributions = new LinkedHashMap<>();
        private final NavigableMap<Long, Double> intermediateValues = new TreeMap<>();
        private final NavigableMap<Long, List<Double>> taskValues = new TreeMap<>();
        private List<Double> constraints = List.of();
        private final Map<String, String> userAttrs = new LinkedHashMap<>();
        private final Map<String, String> systemAttrs = new LinkedHashMap<>();

        private Builder(int number) {
            this.number = number;
        }

        public Builder state(TrialState state) {
            this.state = state;
            return this;
        }

        public Builder values(List<Double> values) {
            this.values = List.copyOf(values);
            return this;
        }

        public Builder values(double... values) {
            this.values = java.util.Arrays.stream(values).boxed().toList();
            return this;
        }

        public Builder param(String name, double internal, Distribution distribution) {
            params.put(name, internal);
            distributions.put(name, distribution);
            return this;
        }

        public Builder intermediate(long step, double value) {
            intermediateValues.put(step, value);
            return this;
        }

        public Builder taskValues(long step, List<Double> vector) {
            taskValues.put(step, List.copyOf(vector));
            return this;
        }

        public Builder constraints(List<Double> constraints) {
            this.constraints = List.copyOf(constraints);
            return this;
        }

        public Builder userAttr(String key, String json) {
            userAttrs.put(key, json);
            return this;
        }

        public Builder systemAttr(String key, String json) {
            systemAttrs.put(key, json);
            return this;
        }

        public FrozenTrial build() {
            return new FrozenTrial(number, state, values, params, distributions, intermediateValues, taskValues,
                    constraints, userAttrs, systemAttrs);
        }
    }
}
