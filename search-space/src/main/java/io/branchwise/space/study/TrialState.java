package io.branchwise.space.study;

/** Optuna's trial states. A finished trial (COMPLETE, PRUNED, FAIL) never changes again. */
public enum TrialState {
    RUNNING, COMPLETE, PRUNED, FAIL, WAITING;

    public boolean isFinished() {
        return this == COMPLETE || this == PRUNED || this == FAIL;
    }
}
