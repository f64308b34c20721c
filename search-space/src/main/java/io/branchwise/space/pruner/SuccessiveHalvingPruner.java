package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Asynchronous successive halving (ASHA), with Optuna's promotion rule: when a trial first reaches a rung, it goes
 * on only if its value is among the best {@code 1/reductionFactor} of all values recorded at that rung, itself
 * included (the first {@code reductionFactor - 1} competitors go on only when best so far). While at most
 * {@code bootstrapCount} values are recorded at a rung, trials reaching it are pruned; a NaN value is pruned.
 *
 * <p><b>Rung values without rung records.</b> Optuna writes each trial's value at a rung into its system attrs as
 * it passes. A {@link FrozenTrial} is immutable, so this pruner derives the same record from the histories: a
 * trial's value at a rung is its intermediate value at its first reported step at or after the rung step (a NaN
 * there records nothing), and a trial is judged at a rung only on the report that first crosses it. This matches
 * Optuna when the pruner runs after every report and a pruned trial stops reporting; it is deterministic, and it
 * also counts trials that reached a rung before an "auto" minimum resource was known, which Optuna cannot.
 */
public final class SuccessiveHalvingPruner implements Pruner {
    private final int reductionFactor;
    private final int minEarlyStoppingRate;
    private final int bootstrapCount;
    private volatile Rungs rungs;

    public SuccessiveHalvingPruner(long minResource, int reductionFactor, int minEarlyStoppingRate, int bootstrapCount) {
        this(new Rungs(minResource, reductionFactor, minEarlyStoppingRate), reductionFactor, minEarlyStoppingRate,
                bootstrapCount);
    }

    /** Optuna's defaults: automatic minimum resource, reduction factor 4, no early-stopping offset, no bootstrap. */
    public SuccessiveHalvingPruner() {
        this(null, 4, 0, 0);
    }

    /**
     * An automatic minimum resource, Optuna's "auto": once a trial completes, {@code max(lastStep / 100, 1)} over
     * the complete trials, fixed from then on; nothing is pruned before that. Bootstrapping needs a known resource,
     * so there is none here.
     */
    public static SuccessiveHalvingPruner withAutoMinResource(int reductionFactor, int minEarlyStoppingRate) {
        return new SuccessiveHalvingPruner(null, reductionFactor, minEarlyStoppingRate, 0);
    }

    private SuccessiveHalvingPruner(Rungs rungs, int reductionFactor, int minEarlyStoppingRate, int bootstrapCount) {
        new Rungs(1, reductionFactor, minEarlyStoppingRate); // validates the ladder even before the resource is known
        if (bootstrapCount < 0) {
            throw new IllegalArgumentException("bootstrapCount cannot be negative, got " + bootstrapCount);
        }
        this.reductionFactor = reductionFactor;
        this.minEarlyStoppingRate = minEarlyStoppingRate;
        this.bootstrapCount = bootstrapCount;
        this.rungs = rungs;
    }

    @Override
    public boolean prune(StudyView study, FrozenTrial trial) {
        StudyDirection direction = SingleObjective.direction(study, this);
        NavigableMap<Long, Double> reported = trial.intermediateValues();
        if (reported.isEmpty()) {
            return false;
        }
        Rungs ladder = rungs(study);
        if (ladder == null) {
            return false;
        }
        Map.Entry<Long, Double> latest = reported.lastEntry();
        Long previous = reported.lowerKey(latest.getKey());
        double value = latest.getValue();
        for (int rung : ladder.crossed(previous == null ? -1 : previous, latest.getKey())) {
            if (Double.isNaN(value)) {
                return true;
            }
            List<Double> competing = valuesAtRung(study, ladder.step(rung), trial.number());
            competing.add(value);
            if (competing.size() <= bootstrapCount) {
                return true;
            }
            if (!promotable(value, competing, direction)) {
                return true;
            }
        }
        return false;
    }

    /** The ladder in use, or null while an automatic minimum resource cannot be estimated yet. */
    public Rungs rungs(StudyView study) {
        Rungs known = rungs;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (rungs == null) {
                long lastStep = -1;
                for (FrozenTrial t : study.completeTrials()) {
                    if (!t.intermediateValues().isEmpty()) {
                        lastStep = Math.max(lastStep, t.intermediateValues().lastKey());
                    }
                }
                if (lastStep >= 0) {
                    rungs = new Rungs(Math.max(lastStep / 100, 1), reductionFactor, minEarlyStoppingRate);
                }
            }
            return rungs;
        }
    }

    private static List<Double> valuesAtRung(StudyView study, long rungStep, int excluded) {
        List<Double> values = new ArrayList<>();
        for (FrozenTrial t : study.trials()) {
            if (t.number() == excluded) {
                continue;
            }
            Map.Entry<Long, Double> atRung = t.intermediateValues().ceilingEntry(rungStep);
            if (atRung != null && !Double.isNaN(atRung.getValue())) {
                values.add(atRung.getValue());
            }
        }
        return values;
    }

    private boolean promotable(double value, List<Double> competing, StudyDirection direction) {
        double[] sorted = competing.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        // Trials cannot be paused until enough competitors arrive, so the first ones must be the best so far.
        int index = Math.max(sorted.length / reductionFactor - 1, 0);
        return direction == StudyDirection.MAXIMIZE
                ? value >= sorted[sorted.length - 1 - index]
                : value <= sorted[index];
    }
}
