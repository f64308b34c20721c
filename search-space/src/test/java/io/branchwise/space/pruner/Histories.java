package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;
import io.branchwise.space.study.TrialState;

import java.util.ArrayList;
import java.util.List;

/** Hand-built study histories for pruner tests. */
final class Histories {
    private Histories() {
    }

    record Study(List<StudyDirection> directions, List<FrozenTrial> trials) implements StudyView {
    }

    static Study minimize(FrozenTrial... trials) {
        return new Study(List.of(StudyDirection.MINIMIZE), List.of(trials));
    }

    static Study maximize(FrozenTrial... trials) {
        return new Study(List.of(StudyDirection.MAXIMIZE), List.of(trials));
    }

    static Study twoObjectives(FrozenTrial... trials) {
        return new Study(List.of(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE), List.of(trials));
    }

    /** A trial with the given state and one intermediate value per step, steps 0, 1, 2, ... */
    static FrozenTrial curve(int number, TrialState state, double... values) {
        FrozenTrial.Builder b = FrozenTrial.builder(number).state(state);
        for (int step = 0; step < values.length; step++) {
            b.intermediate(step, values[step]);
        }
        if (state == TrialState.COMPLETE) {
            b.values(values.length == 0 ? 0.0 : values[values.length - 1]);
        }
        return b.build();
    }

    static FrozenTrial complete(int number, double... values) {
        return curve(number, TrialState.COMPLETE, values);
    }

    static FrozenTrial running(int number, double... values) {
        return curve(number, TrialState.RUNNING, values);
    }

    /** A trial reporting {@code value} at the single {@code step}. */
    static FrozenTrial at(int number, TrialState state, long step, double value) {
        return FrozenTrial.builder(number).state(state).intermediate(step, value).build();
    }

    /** Complete trials 0..n-1, each reporting values[i] at {@code step}. */
    static List<FrozenTrial> completeAt(long step, double... values) {
        List<FrozenTrial> trials = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            trials.add(FrozenTrial.builder(i).state(TrialState.COMPLETE).values(values[i])
                    .intermediate(step, values[i]).build());
        }
        return trials;
    }

    static Study with(List<StudyDirection> directions, List<FrozenTrial> trials, FrozenTrial... more) {
        List<FrozenTrial> all = new ArrayList<>(trials);
        all.addAll(List.of(more));
        return new Study(directions, all);
    }
}
