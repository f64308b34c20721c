package io.branchwise.space.pruner.vector;

import io.branchwise.space.study.FrozenTrial;

import java.util.List;
import java.util.Map;

/** A trial's per-task vectors must have one value per task; anything else is a wiring bug worth a loud failure. */
final class TaskVectors {
    private TaskVectors() {
    }

    static List<Double> checked(FrozenTrial trial, long step, List<Double> vector, int tasks) {
        if (vector.size() != tasks) {
            throw new IllegalArgumentException("trial " + trial.number() + " reported " + vector.size()
                    + " task values at step " + step + ", but the pruner was configured for " + tasks + " tasks");
        }
        return vector;
    }

    static void checkAll(FrozenTrial trial, int tasks) {
        for (Map.Entry<Long, List<Double>> e : trial.taskValues().entrySet()) {
            checked(trial, e.getKey(), e.getValue(), tasks);
        }
    }
}
