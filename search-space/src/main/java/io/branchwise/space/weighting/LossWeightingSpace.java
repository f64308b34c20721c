package io.branchwise.space.weighting;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.json.JsonValue;
import io.branchwise.space.study.Trial;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The loss-weighting search as ordinary parameters. {@code weighting.method} is a categorical over the enabled
 * {@link WeightingMethod}s; each method's own hyper-parameters are conditional, asked for only when that method is
 * chosen:
 * <ul>
 *   <li>DWA: {@code weighting.dwa.temperature} ∈ [0.5, 10], log;</li>
 *   <li>GradNorm: {@code weighting.gradnorm.alpha} ∈ [0, 3];</li>
 *   <li>CAGrad: {@code weighting.cagrad.c} ∈ [0.1, 0.9];</li>
 *   <li>Nash-MTL: {@code weighting.nash_mtl.update_every} ∈ {1..25} (steps between weight solves);</li>
 *   <li>STATIC: {@code weighting.static.<task>} ∈ [0, 1] per task (none for a single task).</li>
 * </ul>
 * EW, UW, PCGrad and RLW have none. Nash-MTL is off unless enabled with {@link Builder#methods}, since it needs a
 * solver the trainer may lack. {@link Builder#range} narrows or widens a hyper-parameter's range (or fixes it)
 * within limits past which the method stops making sense, keeping its scale (log for the DWA temperature) and its
 * type (whole steps for Nash-MTL).
 *
 * <p><b>Static weights.</b> One parameter per task rather than k-1 stick-breaking fractions, so each task's weight
 * is one named parameter a sampler (and a person reading the trials) can attribute, and no task is privileged by
 * coming last. The weights are w_t ∝ −ln(1 − u_t): when the u_t are uniform, the −ln(1 − u_t) are exponential
 * and the normalised vector is uniform on the simplex (Dirichlet(1, …, 1)), so random search covers the simplex
 * evenly instead of crowding its centre as plain normalisation would. All u_t = 0 means equal weights.
 */
public final class LossWeightingSpace {
    public static final String METHOD = "weighting.method";
    public static final String STATIC_PREFIX = "weighting.static.";

    /*
     * Limits: a DWA temperature near 0 turns the softmax into an argmax and far above 100 into equal weights; GradNorm's
     * alpha is an exponent on loss ratios that is rarely useful above 3 and explodes weights long before 10; CAGrad's
     * c is the radius of its ball relative to the mean gradient's norm, which its paper confines to [0, 1); Nash-MTL
     * solving less often than every 1000 steps is one solve per run or none.
     */
    private static final List<HyperParameter> HYPER_PARAMETERS = List.of(
            new HyperParameter(WeightingMethod.DWA, "temperature", new FloatDistribution(0.5, 10.0, true, null), 0.01, 100.0),
            new HyperParameter(WeightingMethod.GRADNORM, "alpha", new FloatDistribution(0.0, 3.0, false, null), 0.0, 10.0),
            new HyperParameter(WeightingMethod.CAGRAD, "c", new FloatDistribution(0.1, 0.9, false, null), 0.0, 1.0),
            new HyperParameter(WeightingMethod.NASH_MTL, "update_every", new IntDistribution(1, 25, false, 1), 1.0, 1000.0));
    private static final FloatDistribution UNIT = new FloatDistribution(0.0, 1.0, false, null);

    private final List<String> tasks;
    private final List<WeightingMethod> methods;
    private final CategoricalDistribution method;
    private final List<HyperParameter> hyperParameters;

    private LossWeightingSpace(List<String> tasks, Set<WeightingMethod> methods, List<HyperParameter> hyperParameters) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a loss-weighting space needs at least one task");
        }
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("enable at least one weighting method");
        }
        this.tasks = List.copyOf(tasks);
        this.methods = List.copyOf(methods);
        this.hyperParameters = List.copyOf(hyperParameters);
        this.method = new CategoricalDistribution(this.methods.stream()
                .<JsonValue>map(m -> new JsonValue.JsonString(m.name())).toList());
    }

    public static Builder builder(Collection<String> tasks) {
        return new Builder(tasks);
    }

    /** The name of one method's hyper-parameter, e.g. {@code weighting.dwa.temperature}. */
    public static String parameterName(WeightingMethod method, String shortName) {
        return "weighting." + method.name().toLowerCase(Locale.ROOT) + "." + shortName;
    }

    /** The short names of a method's hyper-parameters ({@code temperature} for DWA); empty when it has none. */
    public static List<String> hyperParameterNames(WeightingMethod method) {
        return HYPER_PARAMETERS.stream().filter(h -> h.method() == method).map(HyperParameter::shortName).toList();
    }

    public List<WeightingMethod> methods() {
        return methods;
    }

    /** Every parameter the space may ask for, the conditional ones included. */
    public Map<String, Distribution> distributions() {
        Map<String, Distribution> out = new LinkedHashMap<>();
        out.put(METHOD, method);
        for (WeightingMethod m : methods) {
            out.putAll(conditional(m));
        }
        return out;
    }

    /** The parameters asked for only when {@code chosen} is the method. */
    public Map<String, Distribution> conditional(WeightingMethod chosen) {
        Map<String, Distribution> out = new LinkedHashMap<>();
        for (HyperParameter h : hyperParameters) {
            if (h.method() == chosen) {
                out.put(h.name(), h.distribution());
            }
        }
        if (chosen == WeightingMethod.STATIC && tasks.size() > 1) {
            for (String task : tasks) {
                out.put(STATIC_PREFIX + task, UNIT);
            }
        }
        return out;
    }

    /** Decodes internal values; parameters of methods not chosen are ignored. */
    public LossWeighting decode(Map<String, Double> params) {
        WeightingMethod chosen = methods.get((int) require(params, METHOD, method));
        Map<String, Double> hyper = new LinkedHashMap<>();
        for (HyperParameter h : hyperParameters) {
            if (h.method() == chosen) {
                hyper.put(h.shortName(), require(params, h.name(), h.distribution()));
            }
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        if (chosen == WeightingMethod.STATIC) {
            double[] raw = new double[tasks.size()];
            double sum = 0;
            for (int i = 0; i < raw.length; i++) {
                double u = tasks.size() == 1 ? 1.0 : require(params, STATIC_PREFIX + tasks.get(i), UNIT);
                raw[i] = -Math.log1p(-Math.min(u, 1.0 - 1e-12));
                sum += raw[i];
            }
            for (int i = 0; i < raw.length; i++) {
                weights.put(tasks.get(i), sum > 0 ? raw[i] / sum : 1.0 / raw.length);
            }
            fixRounding(weights);
        }
        return new LossWeighting(chosen, hyper, weights);
    }

    /** Define-by-run: asks for the method, then only that method's parameters. */
    public LossWeighting suggest(Trial trial) {
        Map<String, Double> params = new LinkedHashMap<>();
        double index = trial.suggest(METHOD, method);
        params.put(METHOD, index);
        conditional(methods.get((int) index)).forEach((name, d) -> params.put(name, trial.suggest(name, d)));
        return decode(params);
    }

    /** Puts the last ulp of rounding on the largest weight so the sum is 1 to the bit where possible. */
    private static void fixRounding(Map<String, Double> weights) {
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        String largest = weights.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        weights.put(largest, weights.get(largest) + (1.0 - sum));
    }

    private static double require(Map<String, Double> params, String name, Distribution distribution) {
        Double value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("loss-weighting parameter '" + name + "' is missing");
        }
        if (!distribution.contains(value)) {
            throw new IllegalArgumentException("loss-weighting parameter '" + name + "' = " + value + " is outside " + distribution);
        }
        return value;
    }

    /** @param lowest,highest how far {@link Builder#range} may move the range */
    private record HyperParameter(WeightingMethod method, String shortName, Distribution distribution, double lowest,
                                  double highest) {
        String name() {
            return parameterName(method, shortName);
        }

        HyperParameter withRange(double low, double high) {
            String what = method.name() + " " + shortName;
            if (!(Double.isFinite(low) && Double.isFinite(high))) {
                throw new IllegalArgumentException(what + ": the range must be finite, got [" + low + ", " + high + "]");
            }
            if (low > high) {
                throw new IllegalArgumentException(what + ": low " + low + " is above high " + high);
            }
            if (low < lowest || high > highest) {
                throw new IllegalArgumentException(what + " must stay within [" + lowest + ", " + highest + "], got ["
                        + low + ", " + high + "]");
            }
            Distribution d;
            if (distribution instanceof IntDistribution i) {
                if (low != Math.rint(low) || high != Math.rint(high)) {
                    throw new IllegalArgumentException(what + " is a whole number of steps, got [" + low + ", " + high + "]");
                }
                d = new IntDistribution((long) low, (long) high, i.log(), i.step());
            } else {
                d = new FloatDistribution(low, high, ((FloatDistribution) distribution).log(), null);
            }
            return new HyperParameter(method, shortName, d, lowest, highest);
        }
    }

    public static final class Builder {
        private final List<String> tasks;
        private Set<WeightingMethod> methods = EnumSet.complementOf(EnumSet.of(WeightingMethod.NASH_MTL));
        private final List<HyperParameter> hyperParameters = new ArrayList<>(HYPER_PARAMETERS);
        private final Set<WeightingMethod> ranged = EnumSet.noneOf(WeightingMethod.class);

        private Builder(Collection<String> tasks) {
            this.tasks = new ArrayList<>(new TreeSet<>(tasks));
            if (this.tasks.size() != tasks.size()) {
                throw new IllegalArgumentException("task names must be distinct: " + tasks);
            }
        }

        /** The methods to search among, in enum order whatever order they are given in. */
        public Builder methods(Collection<WeightingMethod> methods) {
            this.methods = methods.isEmpty() ? EnumSet.noneOf(WeightingMethod.class) : EnumSet.copyOf(methods);
            return this;
        }

        /**
         * Searches {@code method}'s hyper-parameter {@code shortName} over [low, high] instead of its default range,
         * on the same scale; low = high fixes it. Fails when the method has no such hyper-parameter, when low is
         * above high, or when the range leaves the hyper-parameter's limits (see the class comment).
         */
        public Builder range(WeightingMethod method, String shortName, double low, double high) {
            for (int i = 0; i < hyperParameters.size(); i++) {
                HyperParameter h = hyperParameters.get(i);
                if (h.method() == method && h.shortName().equals(shortName)) {
                    hyperParameters.set(i, h.withRange(low, high));
                    ranged.add(method);
                    return this;
                }
            }
            List<String> names = hyperParameterNames(method);
            throw new IllegalArgumentException(method + " has " + (names.isEmpty() ? "no hyper-parameters"
                    : "no hyper-parameter '" + shortName + "'; it has " + names));
        }

        /** Fails when a range was set for a method that is not searched: a mistake, not something to ignore. */
        public LossWeightingSpace build() {
            for (WeightingMethod m : ranged) {
                if (!methods.contains(m)) {
                    throw new IllegalArgumentException("a range is set for " + m + ", but " + m
                            + " is not among the methods " + methods);
                }
            }
            return new LossWeightingSpace(tasks, methods, hyperParameters);
        }
    }
}
