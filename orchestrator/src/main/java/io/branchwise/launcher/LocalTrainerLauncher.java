package io.branchwise.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs trials in warm child JVMs on this machine. A trainer process ({@link TrainerProcess}) serves job after job,
 * so JVM, ND4J and plugin start-up and the data set's parsing are paid once per process, not once per training,
 * while a native crash, an out-of-memory error or a hang still costs one trial and never the service.
 *
 * <p>Each process runs with {@code OMP_NUM_THREADS=1} (DL4J is many times faster single-threaded on a small
 * machine), its own heap, and a watchdog that kills it when its job goes silent (hung), outlives its time limit,
 * ignores a stop past the grace period, or its resident memory passes its heap plus {@link Settings#offHeapLimit}. A process that died or was killed is replaced
 * by a fresh one for the next job; a healthy one goes back to the pool, unless it has served
 * {@link Pool#maxTrainings} jobs or its resident memory has grown past its heap plus {@link Pool#recycleAboveHeap} (then it is
 * retired: native memory that a library never returns does not accumulate). Whatever the child does, the parent
 * gets a {@link TrialOutcome} with the reason.
 */
public final class LocalTrainerLauncher implements TrainerLauncher, AutoCloseable {
    public static final String LOG_FILE = "trainer.log";
    /** Extra JVM options for trainer processes, space-separated, e.g. {@code -XX:StartFlightRecording=...}. */
    public static final String JVM_OPTIONS_ENV = "BRANCHWISE_TRAINER_JVM_OPTIONS";
    /** The trainer's collector, unless {@link #JVM_OPTIONS_ENV} names another. */
    static final List<String> GC_OPTIONS = List.of("-XX:+UseSerialGC");
    /**
     * The trainer's JIT, unless {@link #JVM_OPTIONS_ENV} sets tiered compilation itself: C1 only. A training's time
     * is native (BLAS, libnd4j); C2 spent a second core on compiling the little Java around it, on a 2-core machine
     * 40% of a 14-head training's CPU, and gave back nothing measurable (reference MLP: the same samples per
     * CPU-second either way).
     */
    static final List<String> JIT_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    /**
     * How warm processes are kept.
     *
     * @param keepIdle         processes kept waiting for the next job (a search's {@code parallel}); more are retired
     * @param maxTrainings     a process is retired after this many jobs
     * @param recycleAboveHeap a process is retired after a job once its resident memory exceeds its heap plus this many
     *                         bytes (relative to the heap, so a larger {@code --heap} does not retire every process);
     *                         0 = never
     * @param idleLimit        a process left idle this long is retired, so a quiet server holds no trainers
     */
    public record Pool(int keepIdle, int maxTrainings, long recycleAboveHeap, Duration idleLimit) {
        public Pool {
            if (keepIdle < 0 || maxTrainings < 1 || recycleAboveHeap < 0) {
                throw new IllegalArgumentException("keepIdle >= 0, maxTrainings >= 1 and recycleAboveHeap >= 0, got "
                        + keepIdle + ", " + maxTrainings + ", " + recycleAboveHeap);
            }
        }

        /**
         * One idle process per core (a trainer is single-threaded, so more would only queue), 200 jobs, the heap plus
         * 512 MiB resident (with the default 1 GiB heap, 1.5 GiB: a trainer's own working set is a few hundred MB;
         * growth past this is memory not returned), 5 minutes idle.
         */
        public static Pool defaults() {
            return new Pool(Math.max(1, Runtime.getRuntime().availableProcessors()), 200, 512L << 20,
                    Duration.ofMinutes(5));
        }

        public Pool withKeepIdle(int n) {
            return new Pool(n, maxTrainings, recycleAboveHeap, idleLimit);
        }
    }

    /**
     * @param java         the java executable
     * @param classPath    the child's class path (this application's)
     * @param pluginDirs   plugins directories the child loads
     * @param heap         {@code -Xmx} value, e.g. {@code 1g}
     * @param offHeapLimit what a trainer process may hold beyond its heap, in bytes: one whose resident memory (heap,
     *                     off-heap buffers and native libraries' own allocations together) passes its heap plus this
     *                     is killed, failing its job; also JavaCPP's own off-heap budget
     * @param silenceLimit a trainer that sends nothing for this long is considered hung and killed
     * @param stopGrace    how long a stopped trainer may take to return before it is killed
     * @param pool         how warm processes are kept and recycled
     */
    public record Settings(String java, String classPath, List<Path> pluginDirs, String heap, long offHeapLimit,
                           Duration silenceLimit, Duration stopGrace, Pool pool) {
        public Settings {
            pluginDirs = List.copyOf(pluginDirs);
            if (offHeapLimit <= 0) {
                throw new IllegalArgumentException("the off-heap limit must be positive, got " + offHeapLimit);
            }
            // A size the watchdog can read and add to, refused here rather than at its first check.
            Math.addExact(JvmSize.bytes(heap), offHeapLimit);
        }

        /** This JVM's java and class path, 1 GiB heap, 2 GiB off the heap, 120 s silence, 15 s grace, default pool. */
        public static Settings defaults(List<Path> pluginDirs) {
            return new Settings(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    System.getProperty("java.class.path"), pluginDirs, "1g", 2L << 30,
                    Duration.ofSeconds(120), Duration.ofSeconds(15), Pool.defaults());
        }

        public Settings withSilenceLimit(Duration d) {
            return new Settings(java, classPath, pluginDirs, heap, offHeapLimit, d, stopGrace, pool);
        }

        public Settings withStopGrace(Duration d) {
            return new Settings(java, classPath, pluginDirs, heap, offHeapLimit, silenceLimit, d, pool);
        }

        public Settings withHeap(String h) {
            return new Settings(java, classPath, pluginDirs, h, offHeapLimit, silenceLimit, stopGrace, pool);
        }

        public Settings withOffHeapLimit(long bytes) {
            return new Settings(java, classPath, pluginDirs, heap, bytes, silenceLimit, stopGrace, pool);
        }

        /** The resident memory a trainer process may reach: its heap plus {@link #offHeapLimit}. */
        public long residentLimit() {
            return JvmSize.bytes(heap) + offHeapLimit;
        }

        public Settings withPool(Pool p) {
            return new Settings(java, classPath, pluginDirs, heap, offHeapLimit, silenceLimit, stopGrace, p);
        }

        List<String> command() {
            List<String> extra = new ArrayList<>();
            String options = System.getenv(JVM_OPTIONS_ENV);
            if (options != null && !options.isBlank()) {
                extra.addAll(List.of(options.trim().split("\\s+")));
            }
            List<String> command = new ArrayList<>(List.of(java,
                    "-Xmx" + heap,
                    "-XX:+ExitOnOutOfMemoryError",
                    "-Dorg.bytedeco.javacpp.maxbytes=" + offHeapLimit,
                    // JavaCPP would read /proc/self/statm on every native allocation to enforce a physical limit
                    // (ND4J allocates several per op: 5-9% of a training step). The parent's watchdog enforces
                    // residentLimit() instead, every 200 ms, outside the training thread — where it can read a
                    // process's resident memory; elsewhere JavaCPP keeps the limit.
                    "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + (ProcessMemory.readable() ? 0 : residentLimit())));
            if (extra.stream().noneMatch(o -> o.matches("-XX:\\+Use\\w+GC"))) {
                command.addAll(GC_OPTIONS);
            }
            if (extra.stream().noneMatch(o -> o.matches("-XX:(TieredStopAtLevel=\\d|[+-]TieredCompilation)"))) {
                command.addAll(JIT_OPTIONS);
            }
            // Diagnostics (a flight recording of a trainer, a JIT or GC setting to compare) without a rebuild.
            command.addAll(extra);
            command.addAll(List.of("-cp", classPath, TrainerProcess.class.getName()));
            for (Path dir : pluginDirs) {
                command.add("--plugins");
                command.add(dir.toAbsolutePath().toString());
            }
            return command;
        }
    }

    /**
     * What one trainer process did over its life, for benchmarks and diagnostics.
     *
     * @param cpu the process's CPU time (user and system) as of now, or of its last job once it has ended
     */
    public record WorkerReport(long pid, int trainings, ProcessMemory memory, Duration cpu, boolean alive) {
    }

    private final Settings settings;
    /** A process whose resident memory is past this after a job is retired (its heap plus the pool's allowance). */
    private final long recycleAbove;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trainer-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong jobNumbers = new AtomicLong();
    private final Deque<TrainerWorker> idle = new ArrayDeque<>();
    private final List<TrainerWorker> started = new CopyOnWriteArrayList<>();
    private boolean closed;

    public LocalTrainerLauncher(Settings settings) {
        this.settings = settings;
        this.recycleAbove = settings.pool().recycleAboveHeap() == 0 ? Long.MAX_VALUE
                : JvmSize.bytes(settings.heap()) + settings.pool().recycleAboveHeap();
        watchdog.scheduleAtFixedRate(this::retireLongIdle, 1, 1, TimeUnit.SECONDS);
    }

    Settings settings() {
        return settings;
    }

    ScheduledExecutorService watchdog() {
        return watchdog;
    }

    @Override
    public TrialRun launch(TrialJob job, TrialListener listener) {
        WorkerRun run = new WorkerRun(this, job, listener, jobNumbers.incrementAndGet());
        dispatch(run);
        return run;
    }

    /** Starts idle processes until {@code processes} (at most the pool's {@link Pool#keepIdle}) are waiting. */
    @Override
    public void prestart(int processes) {
        while (true) {
            synchronized (this) {
                if (closed || idle.size() >= Math.min(processes, settings.pool().keepIdle())) {
                    return;
                }
            }
            TrainerWorker worker;
            try {
                worker = TrainerWorker.start(this);
            } catch (IOException e) {
                return; // the first launch reports why no process starts
            }
            started.add(worker);
            synchronized (this) {
                idle.addLast(worker);
            }
        }
    }

    /** Hands {@code run} to a warm process, or to a new one when none is idle. */
    void dispatch(WorkerRun run) {
        if (run.stopReason() != null) {
            run.complete(TrialOutcome.stopped(null, run.stopReason()));
            return;
        }
        TrainerWorker worker;
        try {
            Files.createDirectories(run.job().workDirectory());
            worker = takeIdle();
            if (worker == null) {
                worker = TrainerWorker.start(this);
                started.add(worker);
            }
        } catch (IOException | IllegalStateException e) {
            run.complete(TrialOutcome.failed("cannot start a trainer process: " + e.getMessage(), ""));
            return;
        }
        worker.begin(run);
    }

    private synchronized TrainerWorker takeIdle() {
        if (closed) {
            throw new IllegalStateException("the launcher is closed");
        }
        while (!idle.isEmpty()) {
            TrainerWorker w = idle.pollFirst();
            if (w.isAlive()) {
                return w;
            }
        }
        return null;
    }

    /** A process finished a job cleanly: back to the pool, or retired when it is due. */
    void release(TrainerWorker worker) {
        String retire = null;
        synchronized (this) {
            if (closed) {
                retire = "the launcher closed";
            } else if (worker.trainings() >= settings.pool().maxTrainings()) {
                retire = "served " + worker.trainings() + " trainings";
            } else if (worker.memory().residentBytes() > recycleAbove) {
                retire = "resident memory " + (worker.memory().residentBytes() >> 20) + " MiB over the limit";
            } else if (idle.size() >= settings.pool().keepIdle()) {
                retire = "enough idle trainers";
            } else {
                idle.addFirst(worker); // most recently used first: its caches are the warmest
            }
        }
        if (retire != null) {
            worker.retire();
        }
    }

    /** A process ended (crashed, killed, or retired): it is no longer offered. */
    synchronized void lost(TrainerWorker worker) {
        idle.remove(worker);
    }

    private void retireLongIdle() {
        List<TrainerWorker> due = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            idle.removeIf(w -> {
                boolean old = now - w.idleSince() > settings.pool().idleLimit().toNanos();
                if (old) {
                    due.add(w);
                }
                return old;
            });
        }
        due.forEach(TrainerWorker::retire);
    }

    /** Every process started so far, with what it served and its memory (peak as of its last job). */
    public List<WorkerReport> workerReports() {
        return started.stream().map(TrainerWorker::report).toList();
    }

    /** Retires idle processes and kills busy ones (their trials are abandoned); later launches fail. */
    @Override
    public void close() {
        List<TrainerWorker> all;
        synchronized (this) {
            closed = true;
            idle.clear();
            all = new ArrayList<>(started);
        }
        for (TrainerWorker w : all) {
            if (w.isBusy()) {
                w.kill();
            } else {
                w.retire();
            }
        }
        watchdog.shutdownNow();
    }

    /** The last lines of the trainer's log, for the failure reason. */
    static List<String> tail(Path file, int lines) {
        Deque<String> last = new ArrayDeque<>();
        // Lenient decoding: a crashing native library may leave invalid UTF-8 in the log.
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    last.addLast(line.strip());
                    if (last.size() > lines) {
                        last.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return new ArrayList<>(last);
    }
}
