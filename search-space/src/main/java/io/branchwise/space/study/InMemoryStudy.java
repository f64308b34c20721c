package io.branchwise.space.study;

import io.branchwise.space.pruner.Pruner;
import io.branchwise.space.sampler.Sampler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A study held in memory with Optuna's ask/tell loop: what tests, benchmarks and quality comparisons drive
 * samplers and pruners with. Not thread-safe; the orchestrator has its own store-backed study.
 */
public final class InMemoryStudy implements StudyView {
    private final List<StudyDirection> directions;
    private final Sampler sampler;
    private final Pruner pruner;
    private final List<FrozenTrial> trials = new ArrayList<>();
    private final List<FrozenTrial> view = Collections.unmodifiableList(trials);

    public InMemoryStudy(List<StudyDirection> directions, Sampler sampler, Pruner pruner) {
        if (directions.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one direction");
        }
        this.directions = List.copyOf(directions);
        this.sampler = Objects.requireNonNull(sampler);
        this.pruner = pruner;
    }

    public InMemoryStudy(StudyDirection direction, Sampler sampler) {
        this(List.of(direction), sampler, null);
    }

    @Override
    public List<StudyDirection> directions() {
        return directions;
    }

    @Override
    public List<FrozenTrial> trials() {
        return view;
    }

    /** Starts a new RUNNING trial; its parameters are drawn as the objective asks for them. */
    public Trial ask() {
        FrozenTrial created = FrozenTrial.running(trials.size());
        trials.add(created);
        return new Trial(this, sampler, created);
    }

    /** Adds a finished trial as-is, like Optuna's {@code add_trial}. */
    public void add(FrozenTrial trial) {
        if (trial.number() != trials.size()) {
            throw new IllegalArgumentException("trial number " + trial.number() + " is not the next, " + trials.size());
        }
        trials.add(trial);
    }

    /**
     * Replaces a trial with its newer state, as another worker of a shared study reported it (Optuna's storages show
     * every worker's trials); for trials this study did not create, which its own tell never finishes.
     */
    public void refresh(FrozenTrial trial) {
        if (trial.number() < 0 || trial.number() >= trials.size()) {
            throw new IllegalArgumentException("no trial number " + trial.number() + " to refresh");
        }
        trials.set(trial.number(), trial);
    }

    /** Finishes a trial: COMPLETE needs one value per objective; PRUNED and FAIL may carry none. */
    public FrozenTrial tell(Trial trial, TrialState state, List<Double> values) {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("tell needs a finished state, not " + state);
        }
        if (state == TrialState.COMPLETE && values.size() != directions.size()) {
            throw new IllegalArgumentException("a COMPLETE trial needs " + directions.size() + " values, got " + values.size());
        }
        FrozenTrial current = current(trial.number());
        if (current.state().isFinished()) {
            throw new IllegalStateException("trial " + trial.number() + " is already " + current.state());
        }
        sampler.afterTrial(this, current, state, values);
        FrozenTrial finished = current.toBuilder().state(state).values(values).build();
        trials.set(trial.number(), finished);
        return finished;
    }

    public FrozenTrial tell(Trial trial, double... values) {
        return tell(trial, TrialState.COMPLETE, java.util.Arrays.stream(values).boxed().toList());
    }

    /** Runs {@code n} trials of a single-objective function; a {@link TrialPruned} from it marks the trial PRUNED. */
    public void optimize(Objective objective, int n) {
        for (int i = 0; i < n; i++) {
            Trial trial = ask();
            try {
                tell(trial, objective.evaluate(trial));
            } catch (TrialPruned pruned) {
                FrozenTrial t = current(trial.number());
                List<Double> last = t.intermediateValues().isEmpty()
                        ? List.of() : List.of(t.intermediateValues().lastEntry().getValue());
                tell(trial, TrialState.PRUNED, last);
            }
        }
    }

    /** The trial with the best value of a single-objective study, among COMPLETE ones. */
    public FrozenTrial bestTrial() {
        StudyDirection direction = direction();
        FrozenTrial best = null;
        for (FrozenTrial t : completeTrials()) {
            if (best == null || (direction == StudyDirection.MINIMIZE ? t.value() < best.value() : t.value() > best.value())) {
                best = t;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no trial is complete yet");
        }
        return best;
    }

    FrozenTrial current(int number) {
        return trials.get(number);
    }

    void update(FrozenTrial trial) {
        if (trials.get(trial.number()).state().isFinished()) {
            throw new IllegalStateException("trial " + trial.number() + " is finished and cannot change");
        }
        trials.set(trial.number(), trial);
    }

    boolean shouldPrune(FrozenTrial trial) {
        return pruner != null && pruner.prune(this, trial);
    }

    Sampler sampler() {
        return sampler;
    }

    @FunctionalInterface
    public interface Objective {
        double evaluate(Trial trial);
    }

    /** Thrown by an objective to stop a trial the pruner condemned. */
    public static final class TrialPruned extends RuntimeException {
        public TrialPruned(String message) {
            super(message, null, false, false);
        }
    }
}
