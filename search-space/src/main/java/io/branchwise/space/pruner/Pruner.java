package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyView;

/**
 * Decides, after a trial reports, whether to stop it early. Scalar pruners read {@link FrozenTrial#intermediateValues()};
 * vector pruners read the per-task curves in {@link FrozenTrial#taskValues()}.
 */
public interface Pruner {

    boolean prune(StudyView study, FrozenTrial trial);
}
