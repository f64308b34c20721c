package io.branchwise.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs each trial in a child JVM on this machine: {@code OMP_NUM_THREADS=1} (DL4J is many times faster
 * single-threaded on a small machine), its own heap and native-memory limits, and a watchdog that kills a
 * trainer that goes silent (hung) or outlives its time limit. Whatever the child does — crash, exit, run out of
 * memory, hang — the parent gets a {@link TrialOutcome} with the reason.
 */
public final class LocalTrainerLauncher implements TrainerLauncher, AutoCloseable {
    public static final String LOG_FILE = "trainer.log";

    /**
     * @param java         the java executable
     * @param classPath    the child's class path (this application's)
     * @param pluginDirs   plugins directories the child loads
     * @param heap         {@code -Xmx} value, e.g. {@code 1g}
     * @param nativeMemory JavaCPP's off-heap limit, e.g. {@code 2g}
     * @param silenceLimit a trainer that sends nothing for this long is considered hung and killed
     * @param stopGrace    how long a stopped trainer may take to return before it is killed
     */
    public record Settings(String java, String classPath, List<Path> pluginDirs, String heap, String nativeMemory,
                           Duration silenceLimit, Duration stopGrace) {
        public Settings {
            pluginDirs = List.copyOf(pluginDirs);
        }

        /** This JVM's java and class path, 1 GiB heap, 2 GiB native, 120 s silence, 15 s grace. */
        public static Settings defaults(List<Path> pluginDirs) {
            return new Settings(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    System.getProperty("java.class.path"), pluginDirs, "1g", "2g",
                    Duration.ofSeconds(120), Duration.ofSeconds(15));
        }

        public Settings withSilenceLimit(Duration d) {
            return new Settings(java, classPath, pluginDirs, heap, nativeMemory, d, stopGrace);
        }

        public Settings withStopGrace(Duration d) {
            return new Settings(java, classPath, pluginDirs, heap, nativeMemory, silenceLimit, d);
        }

        public Settings withHeap(String h) {
            return new Settings(java, classPath, pluginDirs, h, nativeMemory, silenceLimit, stopGrace);
        }
    }

    private final Settings settings;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trainer-watchdog");
        t.setDaemon(true);
        return t;
    });

    public LocalTrainerLauncher(Settings settings) {
        this.settings = settings;
    }

    @Override
    public TrialRun launch(TrialJob job, TrialListener listener) {
        List<String> command = new ArrayList<>(List.of(settings.java(),
                "-Xmx" + settings.heap(),
                "-XX:+ExitOnOutOfMemoryError",
                "-Dorg.bytedeco.javacpp.maxbytes=" + settings.nativeMemory(),
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + settings.nativeMemory(),
                "-cp", settings.classPath(), TrainerProcess.class.getName()));
        for (Path dir : settings.pluginDirs()) {
            command.add("--plugins");
            command.add(dir.toAbsolutePath().toString());
        }
        LocalRun run = new LocalRun(job, listener);
        try {
            Files.createDirectories(job.workDirectory());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(job.workDirectory().resolve(LOG_FILE).toFile()));
            pb.environment().put("OMP_NUM_THREADS", "1");
            pb.environment().put("OPENBLAS_NUM_THREADS", "1");
            pb.environment().put("MKL_NUM_THREADS", "1");
            run.start(pb.start());
        } catch (IOException e) {
            run.outcome.complete(TrialOutcome.failed("cannot start a trainer process: " + e.getMessage(), ""));
        }
        return run;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    private final class LocalRun implements TrialRun {
        private final TrialJob job;
        private final TrialListener listener;
        private final CompletableFuture<TrialOutcome> outcome = new CompletableFuture<>();
        private final long started = System.nanoTime();
        private Process process;
        private Writer stdin;
        private ScheduledFuture<?> watch;
        private volatile long lastHeard = System.nanoTime();
        private volatile String stopReason;
        private volatile long stopAt;
        private volatile String killReason;
        private volatile boolean killedAfterGrace;
        /** The JVM itself prints some last words to stdout ("Terminating due to java.lang.OutOfMemoryError"). */
        private final Deque<String> strayOutput = new ArrayDeque<>();

        LocalRun(TrialJob job, TrialListener listener) {
            this.job = job;
            this.listener = listener;
        }

        void start(Process p) throws IOException {
            process = p;
            stdin = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            send(new TrainerMessage.Start(job.spec(), job.baseDirectory().toAbsolutePath().toString(),
                    job.workDirectory().toAbsolutePath().toString()));
            Thread reader = new Thread(this::read, "trainer-reader-" + p.pid());
            reader.setDaemon(true);
            reader.start();
            watch = watchdog.scheduleAtFixedRate(this::check, 200, 200, TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletableFuture<TrialOutcome> outcome() {
            return outcome;
        }

        @Override
        public void stop(String reason) {
            if (process == null || stopReason != null) {
                return;
            }
            stopReason = reason;
            stopAt = System.nanoTime();
            try {
                send(new TrainerMessage.Stop());
            } catch (IOException e) {
                // The process is already gone; its outcome is on its way.
            }
        }

        private synchronized void send(TrainerMessage m) throws IOException {
            stdin.write(TrainerProtocol.encode(m));
            stdin.write('\n');
            stdin.flush();
        }

        private void check() {
            long now = System.nanoTime();
            if (!process.isAlive()) {
                return;
            }
            if (stopReason != null && now - stopAt > settings.stopGrace().toNanos()) {
                killedAfterGrace = true;
                process.destroyForcibly();
            } else if (now - lastHeard > settings.silenceLimit().toNanos()) {
                kill("trainer hung: no report for " + settings.silenceLimit().toSeconds() + " s");
            } else if (job.timeLimit() != null && now - started > job.timeLimit().toNanos()) {
                kill("trainer exceeded the trial's time limit of " + job.timeLimit().toSeconds() + " s");
            }
        }

        private void kill(String reason) {
            killReason = reason;
            process.destroyForcibly();
        }

        private void read() {
            TrainerMessage.Result result = null;
            TrainerMessage.Failure failure = null;
            String protocolError = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lastHeard = System.nanoTime();
                    TrainerMessage m;
                    try {
                        m = TrainerProtocol.decode(line).orElse(null);
                    } catch (IllegalArgumentException e) {
                        protocolError = e.getMessage();
                        continue;
                    }
                    try {
                        if (m == null) {
                            strayOutput.addLast(line);
                            if (strayOutput.size() > 20) {
                                strayOutput.removeFirst();
                            }
                            listener.onLog(line);
                        } else if (m instanceof TrainerMessage.Epoch e) {
                            listener.onEpoch(e.report());
                        } else if (m instanceof TrainerMessage.Affinity a) {
                            listener.onAffinity(a.matrix(), a.step());
                        } else if (m instanceof TrainerMessage.Log l) {
                            listener.onLog(l.message());
                        } else if (m instanceof TrainerMessage.Result r) {
                            result = r;
                        } else if (m instanceof TrainerMessage.Failure f) {
                            failure = f;
                        }
                    } catch (RuntimeException e) {
                        // A listener's bug must not leave the trial without an outcome.
                        listener.onLog("listener failed: " + e);
                    }
                }
            } catch (IOException e) {
                protocolError = "lost the trainer's output: " + e.getMessage();
            }
            int code;
            try {
                code = process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                code = -1;
            }
            watch.cancel(false);
            try {
                stdin.close();
            } catch (IOException ignored) {
                // Closing a pipe to an ended process can fail; nothing is lost.
            }
            outcome.complete(decide(code, result, failure, protocolError));
        }

        private TrialOutcome decide(int code, TrainerMessage.Result result, TrainerMessage.Failure failure, String protocolError) {
            if (killReason != null) {
                return TrialOutcome.failed(killReason, "");
            }
            if (result != null) {
                if (stopReason != null || result.result().stopped()) {
                    return TrialOutcome.stopped(result.result(), stopReason == null ? "stopped by the trainer" : stopReason);
                }
                return TrialOutcome.complete(result.result());
            }
            if (stopReason != null && killedAfterGrace) {
                return TrialOutcome.stopped(null, stopReason + "; the trainer did not return within "
                        + settings.stopGrace().toSeconds() + " s and was killed");
            }
            if (failure != null) {
                return TrialOutcome.failed(failure.message(), failure.path());
            }
            List<String> lastWords = new ArrayList<>(tail(job.workDirectory().resolve(LOG_FILE), 20));
            lastWords.addAll(strayOutput);
            String why = ProcessExit.describe(code, lastWords, settings.heap());
            return TrialOutcome.failed(protocolError == null ? why : why + "; " + protocolError, "");
        }
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
