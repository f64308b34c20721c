package io.branchwise.launcher;

import java.util.concurrent.CompletableFuture;

/**
 * One job's life in the launcher: which process runs it, whether that process has taken it, and what the parent
 * decided about it (stopped, killed). Its state is changed under the lock of the {@link TrainerWorker} that runs it.
 */
final class WorkerRun implements TrialRun {
    /** A process that dies before acknowledging a job is replaced and the job given to the new one, this many times. */
    static final int MAX_ATTEMPTS = 2;

    private final LocalTrainerLauncher launcher;
    private final TrialJob job;
    private final TrialListener listener;
    private final long number;
    private final CompletableFuture<TrialOutcome> outcome = new CompletableFuture<>();
    final long started = System.nanoTime();

    private volatile TrainerWorker worker;
    private volatile String stopReason;
    volatile long stopAt;
    /** Set when the watchdog killed the process for this job's sake: the reason, or the grace that ran out. */
    volatile String killReason;
    volatile boolean killedAfterGrace;
    /** The process has acknowledged the job: from here on, the process's death is the job's failure. */
    volatile boolean accepted;
    volatile String protocolError;
    int attempts;

    WorkerRun(LocalTrainerLauncher launcher, TrialJob job, TrialListener listener, long number) {
        this.launcher = launcher;
        this.job = job;
        this.listener = listener;
        this.number = number;
    }

    TrialJob job() {
        return job;
    }

    TrialListener listener() {
        return listener;
    }

    long number() {
        return number;
    }

    String stopReason() {
        return stopReason;
    }

    void attach(TrainerWorker w) {
        worker = w;
        attempts++;
    }

    boolean killed() {
        return killReason != null || killedAfterGrace;
    }

    @Override
    public CompletableFuture<TrialOutcome> outcome() {
        return outcome;
    }

    @Override
    public void stop(String reason) {
        if (stopReason != null || outcome.isDone()) {
            return;
        }
        stopAt = System.nanoTime();
        stopReason = reason;
        TrainerWorker w = worker;
        if (w != null) {
            w.stop(this);
        }
    }

    void complete(TrialOutcome o) {
        outcome.complete(o);
    }

    /** The process sent this job's last line. */
    TrialOutcome finished(TrainerMessage last) {
        if (last instanceof TrainerMessage.Result r) {
            if (stopReason != null || r.result().stopped()) {
                return TrialOutcome.stopped(r.result(), stopReason == null ? "stopped by the trainer" : stopReason);
            }
            return TrialOutcome.complete(r.result());
        }
        TrainerMessage.Failure f = (TrainerMessage.Failure) last;
        return TrialOutcome.failed(f.message(), f.path());
    }

    /**
     * The process ended during this job. Null when the job should go to a fresh process: the old one died before
     * it took the job, which is no fault of the job's.
     */
    TrialOutcome processEnded(String why, long graceSeconds) {
        if (killReason != null) {
            return TrialOutcome.failed(killReason, "");
        }
        if (stopReason != null && killedAfterGrace) {
            return TrialOutcome.stopped(null, stopReason + "; the trainer did not return within "
                    + graceSeconds + " s and was killed");
        }
        if (!accepted && attempts < MAX_ATTEMPTS && stopReason == null) {
            return null;
        }
        return TrialOutcome.failed(protocolError == null ? why : why + "; " + protocolError, "");
    }

    void retry() {
        worker = null;
        launcher.dispatch(this);
    }
}
