package io.branchwise.trainer.dl4j.training;

import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialContext;
import io.branchwise.space.grouping.AffinityMatrix;

import java.util.function.Consumer;

/**
 * A context for a training that no search watches (the trainer's warm-up, benchmarks): epochs and log lines go
 * where the caller says, affinity nowhere, and it is never stopped.
 */
public final class DetachedContext implements TrialContext {
    private final Consumer<EpochReport> epochs;
    private final Consumer<String> log;

    public DetachedContext(Consumer<EpochReport> epochs, Consumer<String> log) {
        this.epochs = epochs;
        this.log = log;
    }

    /** Drops everything. */
    public static DetachedContext silent() {
        return new DetachedContext(e -> { }, m -> { });
    }

    @Override
    public void reportEpoch(EpochReport report) {
        epochs.accept(report);
    }

    @Override
    public void reportAffinity(AffinityMatrix affinity, long step) {
    }

    @Override
    public boolean shouldStop() {
        return false;
    }

    @Override
    public void log(String message) {
        log.accept(message);
    }
}
