package io.branchwise.space.pruner;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;

/**
 * The scalar pruners read one direction and one intermediate value per step, so, as in Optuna, they refuse a
 * multi-objective study outright instead of silently pruning on the wrong objective.
 */
final class SingleObjective {
    private SingleObjective() {
    }

    static StudyDirection direction(StudyView study, Object pruner) {
        if (study.isMultiObjective()) {
            throw new IllegalStateException(pruner.getClass().getSimpleName() + " supports single-objective studies"
                    + " only, this study has " + study.directions().size() + " objectives; use a vector pruner"
                    + " (io.branchwise.space.pruner.vector) on per-task values instead");
        }
        return study.direction();
    }
}
