package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * Optuna's patient pruner: a trial becomes a candidate once its best value over the last {@code patience + 1}
 * reports is worse, by more than {@code minDelta}, than its best before them; the wrapped pruner then has the final
 * word (without one, the candidate is pruned). Until {@code patience + 2} values are reported nothing is pruned.
 */
public final class PatientPruner implements Pruner {
    private final Pruner wrapped;
    private final int patience;
    private final double minDelta;

    /** @param wrapped the pruner consulted once patience runs out, or null to prune then */
    public PatientPruner(Pruner wrapped, int patience, double minDelta) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience cannot be negative, got " + patience);
        }
        if (!(minDelta >= 0.0)) {
            throw new IllegalArgumentException("minDelta cannot be negative or NaN, got " + minDelta);
        }
        this.wrapped = wrapped;
        this.patience = patience;
        this.minDelta = minDelta;
    }

    public PatientPruner(int patience, double minDelta) {
        this(null, patience, minDelta);
    }

    @Override
    public boolean prune(StudyView study, FrozenTrial trial) {
        StudyDirection direction = SingleObjective.direction(study, this);
        NavigableMap<Long, Double> reported = trial.intermediateValues();
        if (reported.size() <= patience + 1) {
            return false;
        }
        List<Double> ordered = new ArrayList<>(reported.values());
        int split = ordered.size() - patience - 1;
        double before = BestValue.of(ordered.subList(0, split), direction);
        double recent = BestValue.of(ordered.subList(split, ordered.size()), direction);
        // NaN on either side compares false: a trial cannot run out of patience on values that are all missing.
        boolean stalled = direction == StudyDirection.MINIMIZE
                ? before + minDelta < recent
                : before - minDelta > recent;
        if (!stalled) {
            return false;
        }
        return wrapped == null || wrapped.prune(study, trial);
    }
}
