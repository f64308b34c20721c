package io.branchwise.launcher;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialContext;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.plugins.PluginCatalog;
import io.branchwise.plugins.PluginProblem;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.train.TrialBinding;
import io.branchwise.train.TrialSpec;
import io.branchwise.train.TrialSpecReader;

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

/**
 * The main class of a trainer child process: reads one {@code start} line, trains, streams reports and ends with
 * a {@code result} or {@code error} line. Usage: {@code TrainerProcess [--plugins DIR]...}.
 *
 * <p>The protocol owns the real stdout; {@code System.out} is pointed at stderr so that a plugin's or library's
 * printing cannot interleave with protocol lines.
 */
public final class TrainerProcess {
    /** Exit status after an {@code error} line. */
    public static final int FAILED = 1;
    private static final long ALIVE_EVERY_NANOS = 2_000_000_000L;

    private final PrintStream protocol;
    private volatile boolean stopRequested;
    private long lastSent = System.nanoTime();

    private TrainerProcess(PrintStream protocol) {
        this.protocol = protocol;
    }

    public static void main(String[] args) {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        ignoreInterrupt();
        List<Path> pluginDirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--plugins") && i + 1 < args.length) {
                pluginDirs.add(Path.of(args[++i]));
            }
        }
        int status = new TrainerProcess(protocol).run(pluginDirs);
        protocol.flush();
        System.exit(status);
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

    private int run(List<Path> pluginDirs) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        TrainerMessage.Start start;
        try {
            String line = in.readLine();
            if (line == null || !(TrainerProtocol.decode(line).orElse(null) instanceof TrainerMessage.Start s)) {
                send(new TrainerMessage.Failure("expected a start message first, got " + line, ""));
                return FAILED;
            }
            start = s;
        } catch (IOException | IllegalArgumentException e) {
            send(new TrainerMessage.Failure("cannot read the start message: " + e.getMessage(), ""));
            return FAILED;
        }
        watchForStop(in);
        try {
            PluginCatalog catalog = PluginCatalog.load(TrainerProcess.class.getClassLoader(), pluginDirs);
            for (PluginProblem p : catalog.problems()) {
                send(new TrainerMessage.Log(p.toString()));
            }
            TrialSpec spec = TrialSpecReader.fromMap(start.spec(), Path.of(start.baseDirectory()));
            TrialBinding binding = TrialBinding.bind(spec, catalog, Path.of(start.workDirectory()));
            // Libraries inside a plugin (ND4J finds its backend this way) look up services through the context
            // class loader, so the trainer runs with its own plugin's loader as the context.
            Thread.currentThread().setContextClassLoader(binding.trainer().getClass().getClassLoader());
            TrialResult result = binding.trainer().train(binding.request(), new Context());
            send(new TrainerMessage.Result(result));
            return 0;
        } catch (SpecException e) {
            send(new TrainerMessage.Failure(e.getMessage(), e.path()));
        } catch (Exception | LinkageError | StackOverflowError e) {
            // LinkageError covers a plugin whose static initialiser fails (ExceptionInInitializerError).
            e.printStackTrace(System.err);
            String m = e.getMessage();
            send(new TrainerMessage.Failure(e.getClass().getSimpleName() + (m == null ? "" : ": " + m), ""));
        }
        return FAILED;
    }

    /** Stdin stays open for the life of the trial; a {@code stop} line or its closing (the parent died) stops it. */
    private void watchForStop(BufferedReader in) {
        Thread t = new Thread(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    if (TrainerProtocol.decode(line).orElse(null) instanceof TrainerMessage.Stop) {
                        stopRequested = true;
                    }
                }
            } catch (IOException | IllegalArgumentException ignored) {
                // An unreadable stdin is treated like a closed one.
            }
            stopRequested = true;
        }, "trainer-stdin");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void send(TrainerMessage message) {
        protocol.println(TrainerProtocol.encode(message));
        lastSent = System.nanoTime();
    }

    private final class Context implements TrialContext {
        @Override
        public void reportEpoch(EpochReport report) {
            send(new TrainerMessage.Epoch(report));
        }

        @Override
        public void reportAffinity(AffinityMatrix affinity, long step) {
            send(new TrainerMessage.Affinity(affinity, step));
        }

        @Override
        public boolean shouldStop() {
            // The trainer calls this often, so it doubles as the heartbeat that tells the parent we are not hung.
            if (System.nanoTime() - lastSent > ALIVE_EVERY_NANOS) {
                send(new TrainerMessage.Alive());
            }
            return stopRequested;
        }

        @Override
        public void log(String message) {
            send(new TrainerMessage.Log(message));
        }
    }
}
