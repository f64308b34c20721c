package io.branchwise.space.pruner.vector;

import io.branchwise.space.pruner.Pruner;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stops a multi-task trial that suffers negative transfer: some task keeps doing worse than when trained alone.
 * Every reported task vector at or after the warm-up is a check; at a check a task is "behind" when its value is
 * worse than its single-task (STL) reference curve at the same step (or the nearest earlier reference step) by
 * more than {@code epsilon * |reference|}, or is NaN. The trial is pruned when a task has been behind at the last
 * {@code patience} checks in a row. Tasks without a reference, and checks before a task's first reference step,
 * are not judged (such a check breaks a streak). Needs no other trials, so it works from the first trial on and
 * on multi-objective studies.
 *
 * <p><b>Slow starters.</b> A joint model often trails the single-task curves early and catches up later (shared
 * layers serve several heads, so each head's signal arrives slower). With {@link Builder#finalStep} set, a task that
 * is behind is spared while the straight line through its last {@code patience} checks, extended to the final
 * step, still reaches the
 * single-task model's best value (within {@code epsilon}): only a task that is behind <em>and</em> no longer closing
 * the gap fast enough condemns the trial. The projection is optimistic (learning curves flatten), so it errs
 * towards training on rather than pruning a winner.
 *
 * <p><b>Races.</b> With {@link Builder#settleWindow} set, a check is judged only where the single-task curve has
 * levelled off: over that many steps before the check it gained no more than the task's tolerance. While the task
 * alone is still learning fast, a joint model behind it is behind in a race (a shared layer serves several heads,
 * so it often starts slower), and how the race ends is what a full training, not an early gap, shows.
 */
public final class NegativeTransferPruner implements Pruner {
    private final List<StudyDirection> taskDirections;
    private final List<NavigableMap<Long, Double>> references;
    private final double epsilon;
    /** Per task, a tolerance replacing {@code epsilon} (NaN: none). */
    private final double[] tolerances;
    private final int patience;
    private final long warmupSteps;
    private final long finalStep;
    private final long settleWindow;

    private NegativeTransferPruner(Builder builder) {
        this.taskDirections = builder.taskDirections;
        List<NavigableMap<Long, Double>> copies = new ArrayList<>();
        for (NavigableMap<Long, Double> curve : builder.references) {
            copies.add(Collections.unmodifiableNavigableMap(new TreeMap<>(curve)));
        }
        this.references = List.copyOf(copies);
        this.epsilon = builder.epsilon;
        this.tolerances = builder.tolerances.clone();
        this.patience = builder.patience;
        this.warmupSteps = builder.warmupSteps;
        this.finalStep = builder.finalStep;
        this.settleWindow = builder.settleWindow;
    }

    public static Builder builder(List<StudyDirection> taskDirections) {
        return new Builder(taskDirections);
    }

    @Override
    public boolean prune(StudyView study, FrozenTrial trial) {
        return diagnose(study, trial).isPresent();
    }

    /**
     * The negative transfer that condemns the trial, if any. When several tasks qualify, the one furthest behind
     * at the latest check is named (a NaN value counts as furthest), the lower index on a tie.
     */
    public Optional<NegativeTransfer> diagnose(StudyView study, FrozenTrial trial) {
        TaskVectors.checkAll(trial, taskDirections.size());
        NavigableMap<Long, List<Double>> checks = trial.taskValues().tailMap(warmupSteps, true);
        if (checks.size() < patience || finalStep > 0 && checks.lastKey() >= finalStep) {
            return Optional.empty(); // at the final step there is nothing left to save, and a stop would lose the result
        }
        NegativeTransfer worst = null;
        for (int task = 0; task < taskDirections.size(); task++) {
            NegativeTransfer found = streak(task, checks);
            if (found != null && (worst == null
                    || Double.compare(found.relativeShortfall(), worst.relativeShortfall()) > 0)) {
                worst = found;
            }
        }
        return Optional.ofNullable(worst);
    }

    private NegativeTransfer streak(int task, NavigableMap<Long, List<Double>> checks) {
        NavigableMap<Long, Double> reference = references.get(task);
        if (reference.isEmpty()) {
            return null;
        }
        int behind = 0;
        for (Map.Entry<Long, List<Double>> check : checks.descendingMap().entrySet()) {
            Map.Entry<Long, Double> ref = reference.floorEntry(check.getKey());
            if (ref == null || !settled(task, reference, check.getKey())
                    || !isBehind(task, check.getValue().get(task), ref.getValue())) {
                break;
            }
            behind++;
        }
        if (behind < patience) {
            return null;
        }
        long step = checks.lastKey();
        double value = checks.lastEntry().getValue().get(task);
        if (finalStep > step && closing(task, checks, reference)) {
            return null;
        }
        double ref = reference.floorEntry(step).getValue();
        return new NegativeTransfer(task, step, value, ref, shortfall(task, value, ref), behind);
    }

    /**
     * Whether the task's recent trend — the straight line through its last {@code patience} checks — extended to the
     * final step reaches the reference's best value.
     */
    private boolean closing(int task, NavigableMap<Long, List<Double>> checks, NavigableMap<Long, Double> reference) {
        List<Map.Entry<Long, List<Double>>> window = new ArrayList<>(checks.descendingMap().entrySet()).subList(0, patience);
        Map.Entry<Long, List<Double>> last = window.get(0);
        Map.Entry<Long, List<Double>> first = window.get(patience - 1);
        double lastValue = last.getValue().get(task);
        double firstValue = first.getValue().get(task);
        if (Double.isNaN(lastValue) || Double.isNaN(firstValue) || last.getKey().equals(first.getKey())) {
            return false;
        }
        double slope = (lastValue - firstValue) / (last.getKey() - first.getKey());
        double projected = lastValue + slope * (finalStep - last.getKey());
        double best = taskDirections.get(task) == StudyDirection.MINIMIZE
                ? reference.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow()
                : reference.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return !isBehind(task, projected, best);
    }

    /** Whether the reference gained no more than the task's tolerance over the settle window ending at {@code step}. */
    private boolean settled(int task, NavigableMap<Long, Double> reference, long step) {
        if (settleWindow == 0) {
            return true;
        }
        Map.Entry<Long, Double> before = reference.floorEntry(step - settleWindow);
        // Without a whole window of the reference before the check it is too early to tell a race from a loss.
        // Settled unless the window's start is behind its end: the reference improved by more than the tolerance.
        return before != null && !isBehind(task, before.getValue(), reference.floorEntry(step).getValue());
    }

    private boolean isBehind(int task, double value, double reference) {
        double tolerance = Double.isNaN(tolerances[task]) ? epsilon : tolerances[task];
        return Double.isNaN(value) || worseBy(task, value, reference) > tolerance * Math.abs(reference);
    }

    private double worseBy(int task, double value, double reference) {
        return taskDirections.get(task) == StudyDirection.MINIMIZE ? value - reference : reference - value;
    }

    private double shortfall(int task, double value, double reference) {
        double worse = worseBy(task, value, reference);
        return reference == 0.0 ? (worse > 0 ? Double.POSITIVE_INFINITY : 0.0) : worse / Math.abs(reference);
    }

    public static final class Builder {
        private final List<StudyDirection> taskDirections;
        private final List<NavigableMap<Long, Double>> references = new ArrayList<>();
        private double epsilon = 0.05;
        private final double[] tolerances;
        private int patience = 3;
        private long warmupSteps = 0;
        private long finalStep = 0;
        private long settleWindow = 0;

        private Builder(List<StudyDirection> taskDirections) {
            if (taskDirections.isEmpty()) {
                throw new IllegalArgumentException("a vector pruner needs at least one task direction");
            }
            this.taskDirections = List.copyOf(taskDirections);
            for (int i = 0; i < taskDirections.size(); i++) {
                references.add(new TreeMap<>());
            }
            this.tolerances = new double[taskDirections.size()];
            java.util.Arrays.fill(tolerances, Double.NaN);
        }

        /** The task's STL curve (step → value); a task given none is never judged. Values must be finite. */
        public Builder reference(int task, Map<Long, Double> curve) {
            if (task < 0 || task >= taskDirections.size()) {
                throw new IllegalArgumentException("task " + task + " is outside 0.." + (taskDirections.size() - 1));
            }
            curve.forEach((step, value) -> {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("task " + task + " reference at step " + step + " is " + value);
                }
            });
            references.set(task, new TreeMap<>(curve));
            return this;
        }

        /** Relative tolerance before a task counts as behind (default 0.05 = 5%). */
        public Builder epsilon(double epsilon) {
            if (!(epsilon >= 0.0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be finite and non-negative, got " + epsilon);
            }
            this.epsilon = epsilon;
            return this;
        }

        /**
         * A relative tolerance for one task in place of {@link #epsilon}: its reference's own seed spread, say, so
         * that a task is only behind by more than training noise explains.
         */
        public Builder tolerance(int task, double tolerance) {
            if (task < 0 || task >= taskDirections.size()) {
                throw new IllegalArgumentException("task " + task + " is outside 0.." + (taskDirections.size() - 1));
            }
            if (!(tolerance >= 0.0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("a tolerance must be finite and non-negative, got " + tolerance);
            }
            tolerances[task] = tolerance;
            return this;
        }

        /** Consecutive checks a task must be behind before the trial is pruned (default 3). */
        public Builder patience(int patience) {
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be at least 1, got " + patience);
            }
            this.patience = patience;
            return this;
        }

        /** Steps before this one are not checked (default 0): early epochs of a joint model are noisy. */
        public Builder warmupSteps(long warmupSteps) {
            if (warmupSteps < 0) {
                throw new IllegalArgumentException("warm-up steps cannot be negative, got " + warmupSteps);
            }
            this.warmupSteps = warmupSteps;
            return this;
        }

        /**
         * The trial's last step (its epochs): a task behind is spared while the trend of its streak would still reach
         * its single-task best by then, and nothing is pruned at that step. 0 (the default) judges each check alone.
         */
        public Builder finalStep(long finalStep) {
            if (finalStep < 0) {
                throw new IllegalArgumentException("the final step cannot be negative, got " + finalStep);
            }
            this.finalStep = finalStep;
            return this;
        }

        /**
         * Judge a check only where the task's reference gained no more than its tolerance over the {@code steps}
         * before it (0, the default, judges every check): a gap behind a single-task curve still falling fast is a
         * race, not a loss.
         */
        public Builder settleWindow(long steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("the settle window cannot be negative, got " + steps);
            }
            this.settleWindow = steps;
            return this;
        }

        public NegativeTransferPruner build() {
            return new NegativeTransferPruner(this);
        }
    }
}
