package io.branchwise.launcher.external;

import io.branchwise.json.PlainJson;
import io.branchwise.launcher.MalformedMessageException;
import io.branchwise.launcher.TrainerMessage;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialListener;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.launcher.TrialRun;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.trial.TrialSpecWriter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One job of {@link ExternalTrainers}: queued, then handed out under a ticket, then ended, exactly once, by a tell,
 * a stop (at once while queued; after the grace period when the trainer does not tell), a lease that ran out, or the
 * time limit. Every method runs under the {@link ExternalTrainers}' monitor.
 */
final class ExternalJob implements TrialRun {
    private final ExternalTrainers trainers;
    private final TrialJob job;
    private final TrialListener listener;
    private final StudyLauncher study;
    /** The trial's task names, to check reports against. */
    private final Set<String> tasks;
    private final CompletableFuture<TrialOutcome> outcome = new CompletableFuture<>();
    private final List<CompletableFuture<StopSignal>> stopWatchers = new ArrayList<>();
    private String ticket;
    private String worker;
    private long handedOutAt;
    private long lastHeard;
    private String stopReason;
    private long stopAt;
    private ScheduledFuture<?> timer;

    ExternalJob(ExternalTrainers trainers, TrialJob job, TrialListener listener, StudyLauncher study) {
        this.trainers = trainers;
        this.job = job;
        this.listener = listener;
        this.study = study;
        this.tasks = new LinkedHashSet<>(job.spec().taskNames());
    }

    long studyId() {
        return study.studyId();
    }

    String ticket() {
        return ticket;
    }

    @Override
    public CompletableFuture<TrialOutcome> outcome() {
        return outcome;
    }

    Assignment assignment(String ticket) {
        return new Assignment(ticket, study.studyId(), study.studyName(), job.kind(),
                job.workDirectory().getFileName().toString(), PlainJson.write(TrialSpecWriter.write(job.spec())),
                job.baseDirectory().toAbsolutePath().toString(), job.timeLimit(), trainers.settings().lease());
    }

    void handOut(String ticket, String worker) {
        this.ticket = ticket;
        this.worker = worker;
        handedOutAt = System.nanoTime();
        lastHeard = handedOutAt;
        schedule();
    }

    CompletableFuture<StopSignal> report(TrainerMessage message, Duration wait) {
        if (message instanceof TrainerMessage.Epoch e) {
            requireTasks(e.report().values().keySet(), "$.values");
        } else if (message instanceof TrainerMessage.Affinity a) {
            requireTasks(a.matrix().tasks(), "$.tasks");
        }
        lastHeard = System.nanoTime();
        try {
            if (message instanceof TrainerMessage.Epoch e) {
                listener.onEpoch(e.report());
            } else if (message instanceof TrainerMessage.Affinity a) {
                listener.onAffinity(a.matrix(), a.step());
            } else if (message instanceof TrainerMessage.Log l) {
                listener.onLog(l.message());
            }
        } catch (RuntimeException e) {
            // A listener's bug is the server's, not the trainer's: the report was fine and the trial goes on.
            listener.onLog("listener failed: " + e);
        }
        if (stopReason != null) {
            return CompletableFuture.completedFuture(StopSignal.stop(stopReason));
        }
        if (wait.isZero() || wait.isNegative()) {
            return CompletableFuture.completedFuture(StopSignal.GO_ON);
        }
        CompletableFuture<StopSignal> watch = new CompletableFuture<>();
        stopWatchers.add(watch);
        ScheduledFuture<?> timeout = trainers.timers.schedule(() -> watch.complete(StopSignal.GO_ON),
                wait.toNanos(), TimeUnit.NANOSECONDS);
        watch.whenComplete((signal, error) -> {
            timeout.cancel(false);
            synchronized (trainers) {
                stopWatchers.remove(watch);
            }
        });
        return watch;
    }

    TrialOutcome.Status tellResult(TrialResult result) {
        requireTasks(result.validation().keySet(), "$.validation");
        requireTasks(result.test().keySet(), "$.test");
        boolean stopped = stopReason != null || result.stopped();
        if (result.affinity() != null) {
            requireTasks(result.affinity().tasks(), "$.affinity.tasks");
        } else if (job.kind() == TrialJob.Kind.AFFINITY && !stopped) {
            throw new MalformedMessageException("$.affinity", "missing; an affinity job's result carries the averaged"
                    + " affinity matrix (the trial spec's training.affinity_every says how often to measure it)");
        }
        TrialOutcome o = stopped
                ? TrialOutcome.stopped(result, stopReason == null ? "stopped by the trainer" : stopReason)
                : TrialOutcome.complete(result);
        end(o);
        return o.status();
    }

    TrialOutcome.Status tellFailure(String reason, String path) {
        TrialOutcome o = TrialOutcome.failed(reason, path);
        end(o);
        return o.status();
    }

    /**
     * Queued: ends STOPPED now. Handed out: the trainer's next report is told to stop, and it has the stop grace to
     * tell; a stop watch open now is answered at once.
     */
    @Override
    public void stop(String reason) {
        synchronized (trainers) {
            if (outcome.isDone() || stopReason != null) {
                return;
            }
            if (ticket == null) {
                end(TrialOutcome.stopped(null, reason));
                return;
            }
            stopReason = reason;
            stopAt = System.nanoTime();
            new ArrayList<>(stopWatchers).forEach(w -> w.complete(StopSignal.stop(reason)));
            schedule();
        }
    }

    void end(TrialOutcome o) {
        if (outcome.isDone()) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        String how = o.status() + (o.reason().isEmpty() ? "" : ": " + o.reason());
        trainers.ended(this, how);
        new ArrayList<>(stopWatchers).forEach(w -> w.complete(StopSignal.stop("the trial has ended (" + how + ")")));
        outcome.complete(o);
    }

    /** Wakes at the nearest deadline: the stop grace, the lease, the time limit. Reports do not reschedule it. */
    private void schedule() {
        if (timer != null) {
            timer.cancel(false);
        }
        long next = lastHeard + trainers.settings().lease().toNanos();
        if (job.timeLimit() != null) {
            next = Math.min(next, handedOutAt + job.timeLimit().toNanos());
        }
        if (stopReason != null) {
            next = Math.min(next, stopAt + trainers.settings().stopGrace().toNanos());
        }
        timer = trainers.timers.schedule(this::check, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void check() {
        synchronized (trainers) {
            if (outcome.isDone()) {
                return;
            }
            long now = System.nanoTime();
            Duration grace = trainers.settings().stopGrace();
            Duration lease = trainers.settings().lease();
            if (stopReason != null && now - stopAt >= grace.toNanos()) {
                end(TrialOutcome.stopped(null, stopReason + "; the external trainer " + worker
                        + " did not tell within " + seconds(grace) + " s"));
            } else if (now - lastHeard >= lease.toNanos()) {
                end(TrialOutcome.failed("external trainer " + worker + " went silent: no Report or Tell for "
                        + seconds(lease) + " s", ""));
            } else if (job.timeLimit() != null && now - handedOutAt >= job.timeLimit().toNanos()) {
                end(TrialOutcome.failed("external trainer " + worker + " exceeded the trial's time limit of "
                        + seconds(job.timeLimit()) + " s", ""));
            } else {
                schedule();
            }
        }
    }

    /** A report for other tasks than the trial's would be stored as missing values, silently: refuse it instead. */
    private void requireTasks(Collection<String> given, String path) {
        Set<String> missing = new LinkedHashSet<>(tasks);
        missing.removeAll(given);
        Set<String> unknown = new LinkedHashSet<>(given);
        unknown.removeAll(tasks);
        if (!unknown.isEmpty()) {
            throw new MalformedMessageException(path, "names " + unknown + ", not among the trial's tasks " + tasks);
        }
        if (!missing.isEmpty()) {
            throw new MalformedMessageException(path, "has nothing for task(s) " + missing + "; the trial's tasks are "
                    + tasks);
        }
    }

    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
