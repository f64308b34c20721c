package io.branchwise.launcher.external;

import io.branchwise.json.ContractSchema;
import io.branchwise.launcher.MalformedMessageException;
import io.branchwise.launcher.TrainerLauncher;
import io.branchwise.launcher.TrainerMessage;
import io.branchwise.launcher.TrainerProtocol;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialListener;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.launcher.TrialRun;
import io.branchwise.plugin.trainer.TrialResult;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Trials trained outside the server: {@link #launch} queues a job; a trainer anywhere takes it with {@link #ask},
 * streams what it measures with {@link #report} (and learns there that it should stop) and ends it with
 * {@link #tellResult} or {@link #tellFailure}. The search sees an ordinary {@link TrainerLauncher}, so baselines,
 * the affinity run, references and trials all work unchanged.
 *
 * <p>A trainer on another machine can vanish without a word, so a handed-out job is leased: one that hears nothing
 * for longer than the lease fails, as does one that outlives the trial's time limit, and a stopped job whose trainer
 * does not tell within the stop grace ends STOPPED without a result, as a local trainer would be killed. (A job
 * whose answer to Ask never arrived, because the asker hung up at that very moment, goes the same way as a silent
 * trainer's.) Nothing here waits in a loop: askers and stop watchers are futures completed by the event that
 * answers them, or by a timer.
 *
 * <p>All state is guarded by this object's monitor. Listener calls and future completions happen under it; both are
 * quick by contract (the search's listeners only queue), and holding it keeps each trial's reports in order.
 */
public final class ExternalTrainers implements TrainerLauncher, AutoCloseable {
    /** Ask waits at most this long; a longer wish is cut to it (clients re-ask). */
    public static final Duration MAX_ASK_WAIT = Duration.ofMinutes(5);

    /**
     * @param lease             a handed-out job whose trainer sends nothing for this long fails
     * @param stopGrace         a stopped job's trainer has this long to tell before the trial ends without it
     * @param endedTicketsKept  how many ended tickets are remembered, so that a late report gets "the trial
     *                          ended" rather than "no such ticket"; older ones are forgotten to bound memory
     */
    public record Settings(Duration lease, Duration stopGrace, int endedTicketsKept) {
        public Settings {
            if (lease.isNegative() || lease.isZero() || stopGrace.isNegative() || endedTicketsKept < 0) {
                throw new IllegalArgumentException("lease must be positive, stop grace and ended tickets kept not"
                        + " negative: " + lease + ", " + stopGrace + ", " + endedTicketsKept);
            }
        }

        /** 120 s lease and 15 s stop grace, the local launcher's silence limit and grace. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(120), Duration.ofSeconds(15), 10_000);
        }

        public Settings withLease(Duration d) {
            return new Settings(d, stopGrace, endedTicketsKept);
        }

        public Settings withStopGrace(Duration d) {
            return new Settings(lease, d, endedTicketsKept);
        }
    }

    private final Settings settings;
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "external-trainers");
        t.setDaemon(true);
        return t;
    });
    private final Deque<ExternalJob> queued = new ArrayDeque<>();
    private final List<Asker> askers = new ArrayList<>();
    private final Map<String, ExternalJob> handedOut = new HashMap<>();
    private final Map<String, String> ended;
    private boolean closed;

    public ExternalTrainers(Settings settings) {
        this.settings = settings;
        this.ended = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > settings.endedTicketsKept();
            }
        };
    }

    public Settings settings() {
        return settings;
    }

    /** A launcher whose jobs belong to one search: askers can ask for its study's jobs alone. */
    public StudyLauncher forStudy(String studyName) {
        return new StudyLauncher(this, studyName);
    }

    /** Queues a job that belongs to no study: only askers that take any study's jobs get it. */
    @Override
    public TrialRun launch(TrialJob job, TrialListener listener) {
        return launch(job, listener, StudyLauncher.NONE);
    }

    synchronized TrialRun launch(TrialJob job, TrialListener listener, StudyLauncher study) {
        ExternalJob j = new ExternalJob(this, job, listener, study);
        if (closed) {
            j.outcome().complete(TrialOutcome.failed("external trainers are closed (the server is shutting down)", ""));
            return j;
        }
        for (Iterator<Asker> it = askers.iterator(); it.hasNext(); ) {
            Asker a = it.next();
            if (a.wants(j)) {
                it.remove();
                String ticket = newTicket();
                // False when that asker gave up (timed out, or its call was cancelled) a moment ago.
                if (a.answer().complete(Optional.of(j.assignment(ticket)))) {
                    handOut(j, ticket, a.worker());
                    return j;
                }
            }
        }
        queued.addLast(j);
        return j;
    }

    /**
     * The oldest queued job (of {@code studyId}, or of any study when it is 0), waiting up to {@code wait} for one;
     * empty when none came. Cancelling the future withdraws the ask, so no job goes to a caller that is gone.
     */
    public synchronized CompletableFuture<Optional<Assignment>> ask(String worker, long studyId, Duration wait) {
        for (Iterator<ExternalJob> it = queued.iterator(); it.hasNext(); ) {
            ExternalJob j = it.next();
            if (studyId == 0 || j.studyId() == studyId) {
                it.remove();
                String ticket = newTicket();
                handOut(j, ticket, worker);
                return CompletableFuture.completedFuture(Optional.of(j.assignment(ticket)));
            }
        }
        if (closed || wait.isZero() || wait.isNegative()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Duration limit = wait.compareTo(MAX_ASK_WAIT) > 0 ? MAX_ASK_WAIT : wait;
        Asker asker = new Asker(worker, studyId, new CompletableFuture<>());
        askers.add(asker);
        var timeout = timers.schedule(() -> asker.answer().complete(Optional.empty()), limit.toNanos(), TimeUnit.NANOSECONDS);
        asker.answer().whenComplete((answer, error) -> {
            timeout.cancel(false);
            synchronized (this) {
                askers.remove(asker);
            }
        });
        return asker.answer();
    }

    /** Random, so that a ticket cannot be guessed: it is the only proof that a caller holds the job. */
    private static String newTicket() {
        return UUID.randomUUID().toString();
    }

    private void handOut(ExternalJob j, String ticket, String worker) {
        j.handOut(ticket, worker);
        handedOut.put(ticket, j);
    }

    /**
     * A document from a trainer, read by {@code decode} and checked against its published schema before anything is
     * delivered. The typed reading goes first: its messages speak the protocol's words ("$.type: missing") and it
     * checks what a schema cannot (the trial's own tasks, a square matrix); the schema then refuses whatever the
     * contract forbids that the reading let through, so the published contract is the one enforced.
     */
    private static <T> T conforming(ContractSchema schema, String json, Function<Object, T> decode) {
        Object value = TrainerProtocol.readJson(json);
        T decoded = decode.apply(value);
        schema.violation(value).ifPresent(v -> {
            throw new MalformedMessageException(v.path(), v.problem() + " (schema " + schema.fileName() + ")");
        });
        return decoded;
    }

    private static TrainerMessage decodeReport(Object json) {
        TrainerMessage message = TrainerProtocol.decodeMessage(json);
        if (!(message instanceof TrainerMessage.Epoch || message instanceof TrainerMessage.Affinity
                || message instanceof TrainerMessage.Log || message instanceof TrainerMessage.Alive)) {
            throw new MalformedMessageException("$.type", "a report is an epoch, affinity, log or alive message, not "
                    + TrainerProtocol.type(message) + (message instanceof TrainerMessage.Result
                    ? " (a result goes with Tell)" : ""));
        }
        return message;
    }

    /**
     * A report from the trainer holding {@code ticket}: an epoch, an affinity matrix, a log line or just "alive"
     * ({@code reportJson} empty or {@code {"type": "alive"}}). Answers whether to stop; with a positive
     * {@code wait}, a trainer not yet told to stop waits up to that long (at most half the lease, so that waiting
     * never costs it its lease) to be told.
     *
     * @throws MalformedMessageException the report is not a well-formed epoch, affinity, log or alive message,
     *                                   or names other tasks than the trial's; nothing was delivered
     * @throws TicketException           unknown ticket, or the trial has ended
     */
    public CompletableFuture<StopSignal> report(String ticket, String reportJson, Duration wait) {
        TrainerMessage message = reportJson.isBlank() ? new TrainerMessage.Alive()
                : conforming(ContractSchema.TRAINER_REPORT, reportJson, ExternalTrainers::decodeReport);
        Duration half = settings.lease().dividedBy(2);
        synchronized (this) {
            return job(ticket).report(message, wait.compareTo(half) > 0 ? half : wait);
        }
    }

    /**
     * Ends the job with the trainer's result ({@code resultJson}: a trainer-protocol result message).
     *
     * @return how the job ended: COMPLETE, or STOPPED when it had been told to stop or says it stopped early
     * @throws MalformedMessageException the result is malformed, lacks a task, or lacks the affinity matrix an
     *                                   affinity job must measure; the job goes on and may tell again
     * @throws TicketException           unknown ticket, or the trial has ended (a second tell)
     */
    public TrialOutcome.Status tellResult(String ticket, String resultJson) {
        TrialResult result = conforming(ContractSchema.TRIAL_RESULT, resultJson, TrainerProtocol::decodeResult);
        synchronized (this) {
            return job(ticket).tellResult(result);
        }
    }

    /**
     * Ends the job as FAILED with the trainer's reason.
     *
     * @param path the trial spec's field at fault, empty when the failure is not the spec's
     * @throws TicketException unknown ticket, or the trial has ended
     */
    public synchronized TrialOutcome.Status tellFailure(String ticket, String reason, String path) {
        return job(ticket).tellFailure(reason, path);
    }

    private ExternalJob job(String ticket) {
        ExternalJob j = handedOut.get(ticket);
        if (j != null) {
            return j;
        }
        String how = ended.get(ticket);
        throw how == null ? new TicketException.Unknown(ticket) : new TicketException.Ended(ticket, how);
    }

    /** Called by a job, under this monitor, as it ends: forget it, but remember that its ticket ended and how. */
    void ended(ExternalJob j, String how) {
        queued.remove(j);
        if (j.ticket() != null) {
            handedOut.remove(j.ticket());
            ended.put(j.ticket(), how);
        }
    }

    /** Jobs queued and not yet asked for: how far behind the trainers are. */
    public synchronized int queuedJobs() {
        return queued.size();
    }

    /**
     * Ends every open job as STOPPED and answers every waiting asker with no job. Searches should be stopped
     * first; this is for what is left.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (ExternalJob j : new ArrayList<>(queued)) {
                j.end(TrialOutcome.stopped(null, "external trainers closed (the server is shutting down)"));
            }
            for (ExternalJob j : new ArrayList<>(handedOut.values())) {
                j.end(TrialOutcome.stopped(null, "external trainers closed (the server is shutting down)"));
            }
            new ArrayList<>(askers).forEach(a -> a.answer().complete(Optional.empty()));
        }
        timers.shutdownNow();
    }

    private record Asker(String worker, long studyId, CompletableFuture<Optional<Assignment>> answer) {
        boolean wants(ExternalJob j) {
            return studyId == 0 || j.studyId() == studyId;
        }
    }
}
