package io.branchwise.space.sampler.tpe;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trials TPE learns from, as columns in trial-number order: what each one scored (objectives turned into
 * minimisation, NaN as the worst value), how far a pruned one got, how badly it broke its constraints, and its
 * parameters on the model scale. Appending is all it does, so the finished prefix of a study is kept between
 * calls and only new trials are read.
 */
final class Observations {
    enum Kind { COMPLETE, PRUNED, RUNNING }

    private final List<StudyDirection> directions;
    private int size;
    private int[] number = new int[64];
    private Kind[] kind = new Kind[64];
    /** Minimisation vectors of COMPLETE trials; null for the others. */
    private double[][] objectives = new double[64][];
    /** The first minimised objective of COMPLETE trials (what a single-objective split ranks by); +∞ otherwise. */
    private double[] value = new double[64];
    /** Last reported step of a PRUNED trial, −1 when it reported none. */
    private long[] lastStep = new long[64];
    /** Minimised last intermediate value of a PRUNED trial. */
    private double[] lastValue = new double[64];
    private double[] violation = new double[64];
    private FrozenTrial[] trials = new FrozenTrial[64];
    private final Map<String, Column> columns = new HashMap<>();

    Observations(List<StudyDirection> directions) {
        this.directions = List.copyOf(directions);
    }

    /** A copy to which the unfinished tail of the study can be appended for one call. */
    Observations copy() {
        Observations c = new Observations(directions);
        c.size = size;
        c.number = number.clone();
        c.kind = kind.clone();
        c.objectives = objectives.clone();
        c.value = value.clone();
        c.lastStep = lastStep.clone();
        c.lastValue = lastValue.clone();
        c.violation = violation.clone();
        c.trials = trials.clone();
        return c;
    }

    /** Records a COMPLETE, PRUNED or (for the constant liar) RUNNING trial; others are not observations. */
    void add(FrozenTrial t) {
        Kind k;
        if (t.state() == TrialState.COMPLETE) {
            k = Kind.COMPLETE;
        } else if (t.state() == TrialState.PRUNED) {
            k = Kind.PRUNED;
        } else if (t.state() == TrialState.RUNNING) {
            k = Kind.RUNNING;
        } else {
            return;
        }
        if (size == number.length) {
            int capacity = size * 2;
            number = Arrays.copyOf(number, capacity);
            kind = Arrays.copyOf(kind, capacity);
            objectives = Arrays.copyOf(objectives, capacity);
            value = Arrays.copyOf(value, capacity);
            lastStep = Arrays.copyOf(lastStep, capacity);
            lastValue = Arrays.copyOf(lastValue, capacity);
            violation = Arrays.copyOf(violation, capacity);
            trials = Arrays.copyOf(trials, capacity);
        }
        number[size] = t.number();
        kind[size] = k;
        trials[size] = t;
        objectives[size] = k == Kind.COMPLETE ? minimisation(t.values()) : null;
        value[size] = k == Kind.COMPLETE && objectives[size].length > 0 ? objectives[size][0] : Double.POSITIVE_INFINITY;
        lastStep[size] = -1;
        lastValue[size] = 0.0;
        if (k == Kind.PRUNED && !t.intermediateValues().isEmpty()) {
            Map.Entry<Long, Double> last = t.intermediateValues().lastEntry();
            lastStep[size] = last.getKey();
            lastValue[size] = worstIfNaN(sign(0) * last.getValue());
        }
        violation[size] = k == Kind.RUNNING ? 0.0 : t.constraintViolation();
        size++;
    }

    int size() {
        return size;
    }

    int number(int i) {
        return number[i];
    }

    Kind kind(int i) {
        return kind[i];
    }

    double[] objectives(int i) {
        return objectives[i];
    }

    /** objectives(i)[0] for a COMPLETE trial, +∞ for others. */
    double value(int i) {
        return value[i];
    }

    long lastStep(int i) {
        return lastStep[i];
    }

    double lastValue(int i) {
        return lastValue[i];
    }

    double violation(int i) {
        return violation[i];
    }

    int objectiveCount() {
        return directions.size();
    }

    /** Finished observations: the n that Optuna's gamma(n) and the startup count see. */
    int finished() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (kind[i] != Kind.RUNNING) {
                n++;
            }
        }
        return n;
    }

    /**
     * The parameter's model-scale value in every observation (the first {@link #size()} entries), NaN where a trial
     * lacks it or drew it from another distribution (whose internal values would mean something else). Reuses the
     * committed history's cache; the array may be that cache itself, so callers must not change it.
     */
    double[] column(String name, Domain domain, Observations committed) {
        if (committed == null) {
            double[] out = new double[size];
            for (int i = 0; i < size; i++) {
                out[i] = valueOf(trials[i], name, domain);
            }
            return out;
        }
        double[] cached = committed.cachedColumn(name, domain).values;
        if (committed == this) {
            return cached;
        }
        double[] out = new double[size];
        System.arraycopy(cached, 0, out, 0, committed.size);
        for (int i = committed.size; i < size; i++) {
            out[i] = valueOf(trials[i], name, domain);
        }
        return out;
    }

    /**
     * Indices of the observations that have the parameter, ordered by its value (equal values in trial order).
     * The committed history keeps this order and inserts each new observation once, so a call costs one pass
     * instead of a sort; observations beyond the committed ones (parallel workers) are inserted here.
     *
     * @param column this object's {@link #column} for the parameter
     * @return the order in the first {@code count} entries of {@code into}, which must hold {@link #size()}
     */
    int sortedByValue(String name, Domain domain, Observations committed, double[] column, int[] into) {
        int count = 0;
        int from = 0;
        if (committed != null) {
            Column cached = committed.cachedColumn(name, domain);
            count = cached.sortedCount;
            System.arraycopy(cached.sorted, 0, into, 0, count);
            from = committed.size;
        }
        for (int i = from; i < size; i++) {
            if (!Double.isNaN(column[i])) {
                count = Column.insert(into, count, i, column);
            }
        }
        return count;
    }

    private Column cachedColumn(String name, Domain domain) {
        Column c = columns.computeIfAbsent(name, key -> new Column());
        c.update(this, name, domain);
        return c;
    }

    private static double valueOf(FrozenTrial t, String name, Domain domain) {
        Double v = t.params().get(name);
        if (v == null) {
            return Double.NaN;
        }
        Distribution d = t.distributions().get(name);
        return d.equals(domain.distribution) ? domain.toModel(v) : Double.NaN;
    }

    private double[] minimisation(List<Double> values) {
        double[] out = new double[directions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = i < values.size() ? worstIfNaN(sign(i) * values.get(i)) : Double.POSITIVE_INFINITY;
        }
        return out;
    }

    private double sign(int objective) {
        return directions.get(objective) == StudyDirection.MAXIMIZE ? -1.0 : 1.0;
    }

    private static double worstIfNaN(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    /**
     * A parameter's values for the distribution asked last, extended as the committed history grows, and the
     * indices of those present, kept sorted by value by insertion.
     */
    private static final class Column {
        private Distribution distribution;
        private double[] values = new double[0];
        private int filled;
        private int[] sorted = new int[0];
        private int sortedCount;

        void update(Observations owner, String name, Domain domain) {
            if (!domain.distribution.equals(distribution)) {
                distribution = domain.distribution;
                filled = 0;
                sortedCount = 0;
            }
            if (values.length < owner.size) {
                int capacity = Math.max(owner.size, values.length * 2);
                values = Arrays.copyOf(values, capacity);
                sorted = Arrays.copyOf(sorted, capacity);
            }
            for (; filled < owner.size; filled++) {
                values[filled] = valueOf(owner.trials[filled], name, domain);
                if (!Double.isNaN(values[filled])) {
                    sortedCount = insert(sorted, sortedCount, filled, values);
                }
            }
        }

        /** Inserts index i (larger than every index held) after the values ≤ its own; returns the new count. */
        static int insert(int[] order, int count, int i, double[] values) {
            double v = values[i];
            int lo = 0;
            int hi = count;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (values[order[mid]] <= v) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            System.arraycopy(order, lo, order, lo + 1, count - lo);
            order[lo] = i;
            return count + 1;
        }
    }
}
