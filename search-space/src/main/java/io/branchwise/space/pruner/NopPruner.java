package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyView;

/**
 * Never prunes. Unlike the other scalar pruners it accepts multi-objective studies too: it reads nothing, so it is
 * the safe "pruning off" choice for every study (Optuna fails there only because its trial refuses to ask).
 */
public final class NopPruner implements Pruner {

    @Override
    public boolean prune(StudyView study, FrozenTrial trial) {
        return false;
    }
}
