package io.branchwise.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One warm trainer process and the job it runs now, if any. Its stdout is read by one thread that routes each line
 * to the job the line names; lines for any other job (a report that arrives after its job was decided) are dropped,
 * so nothing is attributed to the wrong training. Job changes, the watchdog's kills and the end of a job all happen
 * under this object's lock.
 */
final class TrainerWorker {
    private static final int LAST_WORDS = 20;

    private final LocalTrainerLauncher launcher;
    private final LocalTrainerLauncher.Settings settings;
    /** The watchdog's memory limit, read every 200 ms: worked out once. */
    private final long residentLimit;
    private final Process process;
    private final Writer stdin;
    private final Thread stderrReader;
    /** The process's own last words (JVM and native messages on stderr, stray stdout), for a crash's reason. */
    private final Deque<String> lastWords = new ArrayDeque<>();
    private WorkerRun current;
    private ScheduledFuture<?> watch;
    private int trainings;
    private volatile long lastHeard = System.nanoTime();
    private volatile long idleSince = System.nanoTime();
    private volatile ProcessMemory memory = ProcessMemory.UNKNOWN;
    private volatile Duration cpu = Duration.ZERO;
    private volatile boolean retiring;

    private TrainerWorker(LocalTrainerLauncher launcher, Process process) {
        this.launcher = launcher;
        this.settings = launcher.settings();
        this.residentLimit = settings.residentLimit();
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(this::readOutput, "trainer-out-" + process.pid());
        out.setDaemon(true);
        stderrReader = new Thread(this::readErrors, "trainer-err-" + process.pid());
        stderrReader.setDaemon(true);
        out.start();
        stderrReader.start();
    }

    static TrainerWorker start(LocalTrainerLauncher launcher) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(launcher.settings().command());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        pb.environment().put("MKL_NUM_THREADS", "1");
        return new TrainerWorker(launcher, pb.start());
    }

    boolean isAlive() {
        return process.isAlive() && !retiring;
    }

    synchronized boolean isBusy() {
        return current != null;
    }

    synchronized int trainings() {
        return trainings;
    }

    ProcessMemory memory() {
        return memory;
    }

    long idleSince() {
        return idleSince;
    }

    LocalTrainerLauncher.WorkerReport report() {
        boolean alive = process.isAlive();
        ProcessMemory m = alive ? ProcessMemory.of(process.pid()) : ProcessMemory.UNKNOWN;
        Duration c = alive ? process.info().totalCpuDuration().orElse(cpu) : cpu;
        return new LocalTrainerLauncher.WorkerReport(process.pid(), trainings(),
                m == ProcessMemory.UNKNOWN ? memory : m, c, alive);
    }

    /** Starts {@code run} here; a process that cannot take it (its stdin is gone) ends and the run is retried. */
    synchronized void begin(WorkerRun run) {
        current = run;
        run.attach(this);
        lastHeard = System.nanoTime();
        synchronized (lastWords) {
            lastWords.clear();
        }
        TrialJob job = run.job();
        try {
            send(run.number(), new TrainerMessage.Start(job.spec(), job.workDirectory().toAbsolutePath().toString()));
        } catch (IOException e) {
            process.destroyForcibly(); // the output reader sees the end and hands the run on
        }
        try {
            watch = launcher.watchdog().scheduleAtFixedRate(this::check, 200, 200, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            process.destroyForcibly(); // launched while the launcher closed: the run ends as a killed process
        }
    }

    synchronized void stop(WorkerRun run) {
        if (current != run) {
            return;
        }
        try {
            send(run.number(), new TrainerMessage.Stop());
        } catch (IOException e) {
            // The process is already gone; the run's outcome is on its way.
        }
    }

    /** Closes the process's stdin: it finishes nothing (it is idle) and exits; killed if it does not. */
    void retire() {
        retiring = true;
        launcher.lost(this);
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already gone.
        }
        try {
            launcher.watchdog().schedule(() -> {
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
            }, 10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // The launcher is closing: no watchdog any more, and the process ends with its closed stdin.
        }
    }

    void kill() {
        retiring = true;
        process.destroyForcibly();
    }

    private void send(long job, TrainerMessage m) throws IOException {
        stdin.write(TrainerProtocol.encode(job, m));
        stdin.write('\n');
        stdin.flush();
    }

    private synchronized void check() {
        WorkerRun run = current;
        if (run == null || !process.isAlive() || run.killed()) {
            return;
        }
        long now = System.nanoTime();
        if (run.stopReason() != null && now - run.stopAt > settings.stopGrace().toNanos()) {
            run.killedAfterGrace = true;
            process.destroyForcibly();
        } else if (now - lastHeard > settings.silenceLimit().toNanos()) {
            run.killReason = "trainer hung: no report for " + settings.silenceLimit().toSeconds() + " s";
            process.destroyForcibly();
        } else if (run.job().timeLimit() != null && now - run.started > run.job().timeLimit().toNanos()) {
            run.killReason = "trainer exceeded the trial's time limit of " + run.job().timeLimit().toSeconds() + " s";
            process.destroyForcibly();
        } else {
            long resident = ProcessMemory.of(process.pid()).residentBytes();
            if (resident > residentLimit) {
                run.killReason = String.format(Locale.ROOT, "trainer ran out of memory: %.0f MiB resident, over its limit"
                        + " of %.0f MiB (heap %s and %.0f MiB off the heap)", resident / 1048576.0,
                        residentLimit / 1048576.0, settings.heap(), settings.offHeapLimit() / 1048576.0);
                process.destroyForcibly();
            }
        }
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lastHeard = System.nanoTime();
                route(line);
            }
        } catch (IOException e) {
            // The process is gone; its end is handled below.
        }
        processEnded();
    }

    private void route(String line) {
        WorkerRun run;
        synchronized (this) {
            run = current;
        }
        TrainerProtocol.Line l;
        try {
            l = TrainerProtocol.decodeLine(line).orElse(null);
        } catch (IllegalArgumentException e) {
            if (run != null) {
                run.protocolError = e.getMessage();
            }
            return;
        }
        if (l == null) {
            remember(line);
            if (run != null) {
                deliver(run, () -> run.listener().onLog(line));
            }
            return;
        }
        if (run == null || l.job() != run.number()) {
            return; // a line for a job already decided (or none): never someone else's
        }
        TrainerMessage m = l.message();
        if (m instanceof TrainerMessage.Alive) {
            run.accepted = true;
        } else if (m instanceof TrainerMessage.Epoch e) {
            deliver(run, () -> run.listener().onEpoch(e.report()));
        } else if (m instanceof TrainerMessage.Affinity a) {
            deliver(run, () -> run.listener().onAffinity(a.matrix(), a.step()));
        } else if (m instanceof TrainerMessage.Log g) {
            deliver(run, () -> run.listener().onLog(g.message()));
        } else if (m instanceof TrainerMessage.Result || m instanceof TrainerMessage.Failure) {
            finishJob(run, m);
        }
    }

    private static void deliver(WorkerRun run, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // A listener's bug must not leave the trial without an outcome.
            run.listener().onLog("listener failed: " + e);
        }
    }

    /** The job's last line: the process is free again (unless the watchdog has just killed it for this job). */
    private void finishJob(WorkerRun run, TrainerMessage last) {
        synchronized (this) {
            if (current != run || run.killed()) {
                return; // the kill decided this job; the process's end reports it
            }
            current = null;
            if (watch != null) {
                watch.cancel(false);
            }
            trainings++;
            idleSince = System.nanoTime();
            memory = ProcessMemory.of(process.pid());
            cpu = process.info().totalCpuDuration().orElse(cpu);
        }
        // Back in the pool before the outcome is known, so the job that the outcome releases finds it warm.
        launcher.release(this);
        run.complete(run.finished(last));
    }

    private void processEnded() {
        int code;
        try {
            code = process.waitFor();
            stderrReader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            code = -1;
        }
        WorkerRun run;
        synchronized (this) {
            run = current;
            current = null;
            if (watch != null) {
                watch.cancel(false);
            }
        }
        launcher.lost(this);
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Closing a pipe to an ended process can fail; nothing is lost.
        }
        if (run == null) {
            return;
        }
        List<String> words = new ArrayList<>(LocalTrainerLauncher.tail(run.job().workDirectory().resolve(
                LocalTrainerLauncher.LOG_FILE), LAST_WORDS));
        synchronized (lastWords) {
            words.addAll(lastWords);
        }
        String why = ProcessExit.describe(code, words, settings.heap());
        TrialOutcome outcome = run.processEnded(why, settings.stopGrace().toSeconds());
        if (outcome == null) {
            run.retry();
        } else {
            run.complete(outcome);
        }
    }

    /** The JVM's and native libraries' own output; also appended to the current job's log. */
    private void readErrors() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                remember(line);
                WorkerRun run;
                synchronized (this) {
                    run = current;
                }
                if (run != null) {
                    appendToLog(run.job().workDirectory().resolve(LocalTrainerLauncher.LOG_FILE), line);
                }
            }
        } catch (IOException ignored) {
            // The process is gone.
        }
    }

    private void remember(String line) {
        if (line.isBlank()) {
            return;
        }
        synchronized (lastWords) {
            lastWords.addLast(line.strip());
            if (lastWords.size() > LAST_WORDS) {
                lastWords.removeFirst();
            }
        }
    }

    private static void appendToLog(Path log, String line) {
        try {
            Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // The log is best effort; the reason travels in the outcome.
        }
    }
}
