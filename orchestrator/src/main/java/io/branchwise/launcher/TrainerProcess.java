package io.branchwise.launcher;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.catalog.PluginProblem;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialContext;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.trial.DataCache;
import io.branchwise.trial.TrialBinding;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The main class of a trainer child process. It serves jobs one after another: reads a {@code start} line, trains,
 * streams reports and ends the job with a {@code result} or {@code error} line, then waits for the next {@code start}.
 * It exits when its stdin closes. Every line names its job ({@link TrainerProtocol.Line}); the first line of a job is
 * an {@code alive} that acknowledges it, so the parent can tell a process that died before taking a job from a job
 * that killed its process. Usage: {@code TrainerProcess [--plugins DIR]...}.
 *
 * <p>Plugins are loaded once per process and the last data set is kept ({@link DataCache}); everything a training
 * builds (its network, optimizer, RNG seed, weighting state) is the trainer's to create afresh for each request.
 *
 * <p>The protocol owns the real stdout; {@code System.out} and {@code System.err} go to the current job's log
 * ({@link JobLog}) so that a plugin's or library's printing can neither interleave with protocol lines nor land in
 * another job's log.
 */
public final class TrainerProcess {
    private static final long ALIVE_EVERY_NANOS = 2_000_000_000L;
    private static final TrainerProtocol.Line CLOSED = new TrainerProtocol.Line(-1, new TrainerMessage.Stop());

    private final PrintStream protocol;
    private final JobLog log;
    private final BlockingQueue<TrainerProtocol.Line> starts = new LinkedBlockingQueue<>();
    private final DataCache data = new DataCache();
    private volatile long currentJob;
    private volatile long stopJob = -1;
    private volatile boolean stdinClosed;
    private long lastSent = System.nanoTime();

    private TrainerProcess(PrintStream protocol, JobLog log) {
        this.protocol = protocol;
        this.log = log;
    }

    public static void main(String[] args) {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        JobLog log = new JobLog();
        PrintStream printing = new PrintStream(log, true, StandardCharsets.UTF_8);
        System.setOut(printing);
        System.setErr(printing);
        ignoreInterrupt();
        List<Path> pluginDirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--plugins") && i + 1 < args.length) {
                pluginDirs.add(Path.of(args[++i]));
            }
        }
        new TrainerProcess(protocol, log).serve(pluginDirs);
        protocol.flush();
        System.exit(0);
    }

    /**
     * Ctrl-C in a terminal signals the whole process group, trainers included. The parent decides what it means
     * for a trial (a search marks running trials interrupted and keeps finished ones) and tells the trainer with a
     * {@code stop} line; dying of the signal first would look like a crash.
     */
    private static void ignoreInterrupt() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> { });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // No SIGINT on this platform: nothing to ignore.
        }
    }

    private void serve(List<Path> pluginDirs) {
        readStdin();
        PluginCatalog catalog = null;
        RuntimeException catalogFailure = null;
        try {
            catalog = PluginCatalog.load(TrainerProcess.class.getClassLoader(), pluginDirs);
            warmUp(catalog);
        } catch (RuntimeException e) {
            catalogFailure = e;
        }
        while (true) {
            TrainerProtocol.Line start;
            try {
                start = starts.take();
            } catch (InterruptedException e) {
                return;
            }
            if (start == CLOSED) {
                return;
            }
            currentJob = start.job();
            send(currentJob, new TrainerMessage.Alive());
            if (start.message() instanceof TrainerMessage.Failure rejected) {
                send(currentJob, rejected);
                continue;
            }
            TrainerMessage.Start s = (TrainerMessage.Start) start.message();
            log.open(Path.of(s.workDirectory()).resolve(LocalTrainerLauncher.LOG_FILE));
            try {
                if (catalog == null) {
                    send(currentJob, new TrainerMessage.Failure("cannot load the plugins: " + catalogFailure.getMessage(), ""));
                } else {
                    runJob(currentJob, s, catalog);
                }
            } finally {
                System.out.flush();
                log.release();
                Thread.currentThread().setContextClassLoader(TrainerProcess.class.getClassLoader());
            }
        }
    }

    /** Each trainer's start-up, paid before the first job arrives (or while it waits). */
    private static void warmUp(PluginCatalog catalog) {
        for (io.branchwise.plugin.trainer.Trainer trainer : catalog.trainers().values()) {
            Thread.currentThread().setContextClassLoader(trainer.getClass().getClassLoader());
            try {
                trainer.warmUp();
            } catch (Exception | LinkageError e) {
                System.err.println("warm-up of trainer " + trainer.name() + " failed: " + e);
            } finally {
                Thread.currentThread().setContextClassLoader(TrainerProcess.class.getClassLoader());
            }
        }
    }

    private void runJob(long job, TrainerMessage.Start start, PluginCatalog catalog) {
        for (PluginProblem p : catalog.problems()) {
            send(job, new TrainerMessage.Log(p.toString()));
        }
        try {
            TrialBinding binding = TrialBinding.bind(start.spec(), catalog, Path.of(start.workDirectory()), data);
            // Libraries inside a plugin (ND4J finds its backend this way) look up services through the context
            // class loader, so the trainer runs with its own plugin's loader as the context.
            Thread.currentThread().setContextClassLoader(binding.trainer().getClass().getClassLoader());
            TrialResult result = binding.trainer().train(binding.request(), new Context(job));
            send(job, new TrainerMessage.Result(result));
        } catch (SpecException e) {
            send(job, new TrainerMessage.Failure(e.getMessage(), e.path()));
        } catch (Exception | LinkageError | StackOverflowError e) {
            // LinkageError covers a plugin whose static initialiser fails (ExceptionInInitializerError).
            e.printStackTrace(System.err);
            String m = e.getMessage();
            send(job, new TrainerMessage.Failure(e.getClass().getSimpleName() + (m == null ? "" : ": " + m), ""));
        }
    }

    /** The failure a start that could not be read gets: the spec's own path when the spec was at fault. */
    private static TrainerMessage.Failure rejection(MalformedMessageException fault) {
        if (fault.getCause() instanceof SpecException spec) {
            return new TrainerMessage.Failure(spec.getMessage(), spec.path());
        }
        return new TrainerMessage.Failure("the start message is malformed: " + fault.getMessage(), "");
    }

    /**
     * Stdin stays open for the life of the process: {@code start} lines queue jobs, a {@code stop} line stops the
     * job it names (a late one, for a job already finished, is ignored), and its closing (the parent is retiring the
     * process, or died) stops the current job and ends the process after it.
     */
    private void readStdin() {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Thread t = new Thread(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    TrainerProtocol.Line l;
                    try {
                        l = TrainerProtocol.decodeLine(line).orElse(null);
                    } catch (MalformedLineException e) {
                        // A start this process cannot read fails its job, in turn, rather than leaving the parent
                        // waiting; anything else malformed has nothing to act on.
                        if (e.type().equals("start") && e.job() != TrainerProtocol.NO_JOB) {
                            starts.add(new TrainerProtocol.Line(e.job(), rejection(e.fault())));
                        }
                        continue;
                    } catch (RuntimeException e) {
                        // Not a line the parent writes; this thread must live on to see stdin close.
                        continue;
                    }
                    if (l == null) {
                        continue;
                    }
                    if (l.message() instanceof TrainerMessage.Start) {
                        starts.add(l);
                    } else if (l.message() instanceof TrainerMessage.Stop) {
                        stopJob = l.job();
                    }
                }
            } catch (IOException ignored) {
                // An unreadable stdin is treated like a closed one.
            }
            stdinClosed = true;
            starts.add(CLOSED);
        }, "trainer-stdin");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void send(long job, TrainerMessage message) {
        protocol.println(TrainerProtocol.encode(job, message));
        lastSent = System.nanoTime();
    }

    /** A job's view of the process; a trainer thread that outlives its job still reports under that job. */
    private final class Context implements TrialContext {
        private final long job;

        Context(long job) {
            this.job = job;
        }

        @Override
        public void reportEpoch(EpochReport report) {
            send(job, new TrainerMessage.Epoch(report));
        }

        @Override
        public void reportAffinity(AffinityMatrix affinity, long step) {
            send(job, new TrainerMessage.Affinity(affinity, step));
        }

        @Override
        public boolean shouldStop() {
            // The trainer calls this often, so it doubles as the heartbeat that tells the parent we are not hung.
            if (System.nanoTime() - lastSent > ALIVE_EVERY_NANOS) {
                send(job, new TrainerMessage.Alive());
            }
            return stdinClosed || stopJob == job;
        }

        @Override
        public void log(String message) {
            send(job, new TrainerMessage.Log(message));
        }
    }
}
