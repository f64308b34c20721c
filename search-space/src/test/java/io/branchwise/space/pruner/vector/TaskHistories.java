package io.branchwise.space.pruner.vector;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;
import io.branchwise.space.study.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Hand-built multi-task histories: per-task vectors at given steps. */
final class TaskHistories {
    private TaskHistories() {
    }

    /** Multi-objective on purpose: the vector pruners must not care. */
    record Study(List<FrozenTrial> trials) implements StudyView {
        @Override
        public List<StudyDirection> directions() {
            return List.of(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE);
        }
    }

    static Study study(FrozenTrial... trials) {
        return new Study(List.of(trials));
    }

    static Study study(List<FrozenTrial> trials, FrozenTrial... more) {
        List<FrozenTrial> all = new ArrayList<>(trials);
        all.addAll(Arrays.asList(more));
        return new Study(all);
    }

    static List<Double> vector(double... values) {
        return Arrays.stream(values).boxed().toList();
    }

    /** A trial reporting {@code vector} at the single {@code step}. */
    static FrozenTrial at(int number, TrialState state, long step, double... vector) {
        return FrozenTrial.builder(number).state(state).taskValues(step, vector(vector)).build();
    }

    /** A running trial reporting vectors[i] at step i. */
    static FrozenTrial running(int number, double[]... vectors) {
        FrozenTrial.Builder b = FrozenTrial.builder(number);
        for (int step = 0; step < vectors.length; step++) {
            b.taskValues(step, vector(vectors[step]));
        }
        return b.build();
    }

    static double[] v(double... values) {
        return values;
    }
}
