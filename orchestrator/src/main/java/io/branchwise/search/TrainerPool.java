package io.branchwise.search;

import io.branchwise.launcher.TrainerLauncher;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialListener;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.launcher.TrialRun;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.trial.TrialSpec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.ToDoubleFunction;

/**
 * Runs trainer jobs through a {@link TrainerLauncher}, at most {@code parallel} at a time, and hands every report
 * to the one thread that called {@link #drain}. Launcher callbacks arrive on the launcher's threads; funnelling them
 * through a queue means the runner's state (the sampler's study, the pruner's curves, the storage writes of a
 * trial) is only ever touched by one thread, in the order the reports happened, without locks.
 */
final class TrainerPool {
    /** What the runner does with one job's reports; called on the draining thread. */
    interface Handler {
        /** The job is being handed to the launcher (it may have waited for a free trainer until now). */
        default void onLaunch() {
        }

        default void onEpoch(TrialRun run, EpochReport report) {
        }

        void onOutcome(TrialOutcome outcome);
    }

    record Job(TrialJob job, Handler handler) {
        /**
         * This job, running {@code atLaunch} when it is handed to the launcher: a job that waits in a queue says it
         * started when it does.
         */
        Job atLaunch(Runnable atLaunch) {
            Handler inner = handler;
            return new Job(job, new Handler() {
                @Override
                public void onLaunch() {
                    atLaunch.run();
                    inner.onLaunch();
                }

                @Override
                public void onEpoch(TrialRun run, EpochReport report) {
                    inner.onEpoch(run, report);
                }

                @Override
                public void onOutcome(TrialOutcome outcome) {
                    inner.onOutcome(outcome);
                }
            });
        }
    }

    /** Where jobs come from; {@code null} means none now (the drain ends once the running ones have ended). */
    interface JobSource {
        Job next();
    }

    private final TrainerLauncher launcher;
    private final int parallel;
    private final ToDoubleFunction<TrialSpec> cost;
    private final BlockingQueue<Event> inbox = new LinkedBlockingQueue<>();
    /** Read by {@link #stop} from any thread; changed only by the draining thread. */
    private final Set<TrialRun> running = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile String stopReason;

    /** Jobs of a list run in the order given. */
    TrainerPool(TrainerLauncher launcher, int parallel) {
        this(launcher, parallel, spec -> 0.0);
    }

    /** @param cost a training's expected cost beside the others ({@link TrainingCost}): lists drain costliest first */
    TrainerPool(TrainerLauncher launcher, int parallel, ToDoubleFunction<TrialSpec> cost) {
        this.launcher = launcher;
        this.parallel = parallel;
        this.cost = cost;
    }

    /** An empty queue ordered by this pool's cost, for jobs added as they become possible. */
    JobQueue queue() {
        return new JobQueue(cost);
    }

    /** {@link #drain(JobSource)} over jobs that may run in any order: the costliest first ({@link JobQueue}). */
    void drainAll(List<Job> jobs) throws InterruptedException {
        drain(new JobQueue(cost, jobs));
    }

    /**
     * From any thread: launch nothing more, and ask every running trainer to stop. Their outcomes still arrive
     * (STOPPED, or COMPLETE when a trainer finished first), so a drain in progress ends once they have.
     */
    void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        // A trainer launched after this copy was taken sees stopReason in launch() and is stopped there.
        for (TrialRun r : snapshot()) {
            r.stop(reason);
        }
    }

    private List<TrialRun> snapshot() {
        synchronized (running) {
            return new ArrayList<>(running);
        }
    }

    boolean isStopping() {
        return stopReason != null;
    }

    String stopReason() {
        return stopReason;
    }

    /**
     * Launches jobs from {@code source} while fewer than {@code parallel} run, and delivers their reports, until
     * the source has none and nothing runs. A handler that throws stops the other trainers; once they have ended,
     * the exception is rethrown, so no trainer outlives a failed search.
     */
    void drain(JobSource source) throws InterruptedException {
        RuntimeException failure = null;
        int active = 0;
        while (true) {
            while (failure == null && stopReason == null && active < parallel) {
                Job job;
                try {
                    job = source.next();
                } catch (RuntimeException e) {
                    failure = e;
                    stopAll("search failed: " + e.getMessage());
                    break;
                }
                if (job == null) {
                    break;
                }
                launch(job);
                active++;
            }
            if (active == 0) {
                break;
            }
            Event event = inbox.take();
            Runnable delivery;
            if (event instanceof Ended ended) {
                running.remove(ended.trial());
                active--;
                delivery = () -> ended.handler().onOutcome(ended.outcome());
            } else {
                delivery = ((Report) event).delivery();
            }
            if (failure != null) {
                continue; // after a failure only the ends of trainers matter
            }
            try {
                delivery.run();
            } catch (RuntimeException e) {
                failure = e;
                stopAll("search failed: " + e.getMessage());
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void stopAll(String reason) {
        snapshot().forEach(r -> r.stop(reason));
    }

    /** What a launcher thread hands the draining thread. */
    private sealed interface Event permits Report, Ended {
    }

    /** An epoch report, to deliver to its handler. */
    private record Report(Runnable delivery) implements Event {
    }

    /** A trainer has ended: counted even after a failure, so the drain knows when all have. */
    private record Ended(TrialRun trial, Handler handler, TrialOutcome outcome) implements Event {
    }

    private void launch(Job job) {
        job.handler().onLaunch();
        TrialRun[] self = new TrialRun[1];
        TrialRun run = launcher.launch(job.job(), new TrialListener() {
            @Override
            public void onEpoch(EpochReport report) {
                // Runs on the draining thread, after launch() has returned and set self[0].
                inbox.add(new Report(() -> job.handler().onEpoch(self[0], report)));
            }
        });
        self[0] = run;
        running.add(run);
        if (stopReason != null) {
            run.stop(stopReason);
        }
        run.outcome().whenComplete((outcome, error) ->
                inbox.add(new Ended(run, job.handler(), outcome != null ? outcome : unexpected(error))));
    }

    private static TrialOutcome unexpected(Throwable error) {
        return new TrialOutcome(TrialOutcome.Status.FAILED, null, "the launcher failed: " + error, "");
    }
}
