package io.branchwise.space.sampler.grid;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.json.JsonValue;
import io.branchwise.space.sampler.Sampler;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyView;
import io.branchwise.space.study.TrialState;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Exhaustive search over a grid of external values, as Optuna's {@code GridSampler}, visiting the points in a
 * seeded shuffled order. Optuna records each trial's grid id in system attrs; here a trial's point is recognised
 * from its parameters instead, so nothing is stored: a point is taken once any other trial (running or finished)
 * holds its values. A trial takes the first free point in the shuffled order, skipping one further free point
 * for every lower-numbered trial still in flight without grid values, so workers that ask at the same moment
 * pick different points. Nothing is cached between calls: the trial's own grid values (set by its earlier
 * suggestions) pin the rest of its point, so a rebuilt sampler continues a half-drawn trial consistently. Once
 * every point is taken ({@link #isExhausted}) points are revisited, as in Optuna.
 */
public final class GridSampler implements Sampler {
    private final List<String> names;
    private final List<List<JsonValue>> values;
    private final int size;
    private final int[] order;

    /**
     * @param grid each parameter's candidate values, external (as the objective sees them): {@link JsonValue}s,
     *             numbers, strings, booleans or null
     */
    public GridSampler(Map<String, ? extends List<?>> grid, long seed) {
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("the grid must name at least one parameter");
        }
        TreeMap<String, List<JsonValue>> sorted = new TreeMap<>();
        long points = 1;
        for (Map.Entry<String, ? extends List<?>> e : grid.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("grid parameter '" + e.getKey() + "' has no values");
            }
            List<JsonValue> converted = new ArrayList<>();
            for (Object v : e.getValue()) {
                converted.add(toJson(e.getKey(), v));
            }
            sorted.put(e.getKey(), List.copyOf(converted));
            points *= converted.size();
            if (points > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the grid has more than " + Integer.MAX_VALUE + " points");
            }
        }
        this.names = List.copyOf(sorted.keySet());
        this.values = List.copyOf(sorted.values());
        this.size = (int) points;
        this.order = shuffled(size, new Random(seed));
    }

    /** Number of grid points. */
    public int size() {
        return size;
    }

    /** True once every grid point is held by a trial of {@code study}, running or finished. */
    public synchronized boolean isExhausted(StudyView study) {
        return taken(study, Integer.MAX_VALUE).taken().cardinality() == size;
    }

    @Override
    public synchronized double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        int axis = names.indexOf(name);
        if (axis < 0) {
            throw new IllegalArgumentException("parameter '" + name + "' is not in the grid, which defines " + names);
        }
        int point = choose(study, trial);
        return toInternal(name, values.get(axis).get(coordinate(point, axis)), distribution);
    }

    private int choose(StudyView study, FrozenTrial trial) {
        Taken taken = taken(study, trial.number());
        List<Integer> free = new ArrayList<>();
        List<Integer> any = new ArrayList<>();
        for (int point : order) {
            if (consistent(trial, point)) {
                any.add(point);
                if (!taken.taken().get(point)) {
                    free.add(point);
                }
            }
        }
        if (!free.isEmpty()) {
            // Once the trial holds a grid value it takes the first free match, which is also what every other
            // worker assumes of it; the offset only separates trials that have not drawn anything yet.
            boolean started = names.stream().anyMatch(trial.params()::containsKey);
            return free.get(started ? 0 : taken.inFlightBefore() % free.size());
        }
        if (any.isEmpty()) {
            throw new IllegalStateException("trial " + trial.number() + " already has grid parameters "
                    + trial.params().keySet() + " with values that match no grid point");
        }
        return any.get(trial.number() % any.size());
    }

    private record Taken(BitSet taken, int inFlightBefore) {
    }

    /** Points held by trials other than {@code self}, and how many lower-numbered trials are in flight without any. */
    private Taken taken(StudyView study, int self) {
        BitSet taken = new BitSet(size);
        int inFlight = 0;
        for (FrozenTrial t : study.trials()) {
            if (t.number() == self) {
                continue;
            }
            if (names.stream().noneMatch(t.params()::containsKey)) {
                boolean pending = t.state() == TrialState.RUNNING || t.state() == TrialState.WAITING;
                if (pending && t.number() < self) {
                    inFlight++;
                }
                continue;
            }
            // A conditional trial that left some grid parameters unset takes the first matching free point.
            for (int point : order) {
                if (!taken.get(point) && consistent(t, point)) {
                    taken.set(point);
                    break;
                }
            }
        }
        return new Taken(taken, inFlight);
    }

    /** Whether every grid parameter that {@code trial} has set equals its value at {@code point}. */
    private boolean consistent(FrozenTrial trial, int point) {
        for (int axis = 0; axis < names.size(); axis++) {
            Double internal = trial.params().get(names.get(axis));
            if (internal == null) {
                continue;
            }
            JsonValue external = toExternal(trial.distributions().get(names.get(axis)), internal);
            if (!JsonValue.pythonEquals(external, values.get(axis).get(coordinate(point, axis)))) {
                return false;
            }
        }
        return true;
    }

    /** Mixed-radix digit of {@code point} for {@code axis}, the last name varying fastest. */
    private int coordinate(int point, int axis) {
        int rest = point;
        for (int a = names.size() - 1; a > axis; a--) {
            rest /= values.get(a).size();
        }
        return rest % values.get(axis).size();
    }

    private static JsonValue toExternal(Distribution distribution, double internal) {
        if (distribution instanceof CategoricalDistribution c) {
            return c.toExternal(internal);
        }
        if (distribution instanceof IntDistribution) {
            return JsonValue.JsonInt.of((long) internal);
        }
        return new JsonValue.JsonFloat(internal);
    }

    private static double toInternal(String name, JsonValue value, Distribution distribution) {
        if (distribution instanceof CategoricalDistribution c) {
            try {
                return c.toInternal(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("grid value " + value + " of parameter '" + name
                        + "' is not among its choices " + c.choices(), e);
            }
        }
        double internal = numeric(value);
        if (Double.isNaN(internal) || !distribution.contains(internal)
                || (distribution instanceof IntDistribution && internal != Math.rint(internal))) {
            throw new IllegalArgumentException("grid value " + value + " of parameter '" + name
                    + "' does not lie in its distribution " + describe(distribution));
        }
        return internal;
    }

    private static double numeric(JsonValue value) {
        if (value instanceof JsonValue.JsonInt i) {
            return i.value().doubleValue();
        }
        if (value instanceof JsonValue.JsonFloat f) {
            return f.value();
        }
        if (value instanceof JsonValue.JsonBool b) {
            return b.value() ? 1.0 : 0.0;
        }
        return Double.NaN;
    }

    private static String describe(Distribution distribution) {
        if (distribution instanceof FloatDistribution f) {
            return "[" + f.low() + ", " + f.high() + "]" + (f.step() == null ? "" : " step " + f.step());
        }
        IntDistribution i = (IntDistribution) distribution;
        return "[" + i.low() + ", " + i.high() + "] step " + i.step();
    }

    private static JsonValue toJson(String name, Object v) {
        if (v == null) {
            return JsonValue.JsonNull.NULL;
        }
        if (v instanceof JsonValue j) {
            return j;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return JsonValue.JsonInt.of(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return new JsonValue.JsonInt(b);
        }
        if (v instanceof BigDecimal d) {
            return new JsonValue.JsonFloat(d.doubleValue());
        }
        if (v instanceof Number n) {
            return new JsonValue.JsonFloat(n.doubleValue());
        }
        if (v instanceof String s) {
            return new JsonValue.JsonString(s);
        }
        if (v instanceof Boolean b) {
            return new JsonValue.JsonBool(b);
        }
        throw new IllegalArgumentException("grid value " + v + " of parameter '" + name + "' is not a JSON scalar");
    }

    private static int[] shuffled(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }
}
