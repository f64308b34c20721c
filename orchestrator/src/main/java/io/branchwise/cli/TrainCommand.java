package io.branchwise.cli;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.launcher.LocalTrainerLauncher;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialListener;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.launcher.TrialRun;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.trial.TrialBinding;
import io.branchwise.trial.TrialSpec;
import io.branchwise.trial.TrialSpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains one trial from a spec file in a trainer process and prints per-epoch, per-task metrics.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "The trial spec (YAML or JSON).")
    private Path specFile;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE.")
    private Path json;

    @Option(names = "--work", paramLabel = "DIR", description = "Where the model and trainer log go (default: branchwise-data/train/<time>).")
    private Path work;

    @Option(names = "--heap", converter = MemorySizeConverter.class, defaultValue = "1g",
            description = "The trainer process's heap (default: ${DEFAULT-VALUE}).")
    private String heap;

    @Option(names = "--time-limit", defaultValue = "3600", paramLabel = "SECONDS",
            description = "Kill the trainer after this long (default: ${DEFAULT-VALUE}).")
    private long timeLimit;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Train the spec N times in a row through one warm trainer process and print each run's wall "
                    + "and trainer CPU time: the first run pays the process's start-up, the others show the cost of "
                    + "a training in a search (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Mixin
    private PluginOptions plugins;

    @Override
    public Integer call() throws Exception {
        TrialSpec spec;
        try {
            spec = TrialSpecReader.read(specFile);
            PluginCatalog catalog = plugins.load(System.err);
            TrialBinding.checkPlugins(spec, catalog);
        } catch (SpecException e) {
            System.err.println("branchwise train: " + specFile + ": " + e.getMessage());
            return 2;
        }
        Path workDir = work != null ? work
                : Path.of("branchwise-data", "train", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (repeat < 1) {
            System.err.println("branchwise train: --repeat must be at least 1, got " + repeat);
            return 2;
        }
        EpochPrinter printer = null;
        TrialOutcome outcome = null;
        try (LocalTrainerLauncher launcher = new LocalTrainerLauncher(
                LocalTrainerLauncher.Settings.defaults(plugins.directories()).withHeap(heap)
                        .withPool(LocalTrainerLauncher.Pool.defaults().withKeepIdle(1)))) {
            RepeatTimes times = new RepeatTimes();
            for (int i = 1; i <= repeat && (outcome == null || outcome.status() == TrialOutcome.Status.COMPLETE); i++) {
                Path runDir = repeat == 1 ? workDir : workDir.resolve("run-" + i);
                long started = System.nanoTime();
                Duration cpuBefore = trainerCpu(launcher);
                printer = new EpochPrinter(spec, repeat == 1);
                outcome = trainOnce(launcher, spec, runDir, printer);
                if (repeat > 1) {
                    times.add(i, (System.nanoTime() - started) / 1e9,
                            trainerCpu(launcher).minus(cpuBefore).toNanos() / 1e9, launcher.workerReports());
                }
            }
            times.print(System.out, launcher.workerReports());
        }
        TrialTable.print(spec, outcome, System.out);
        if (json != null) {
            Files.createDirectories(json.toAbsolutePath().getParent());
            Files.writeString(json, TrialTable.json(spec, outcome, printer.epochs()));
        }
        System.out.println("trainer log: " + workDir.resolve(LocalTrainerLauncher.LOG_FILE));
        return switch (outcome.status()) {
            case COMPLETE -> 0;
            case STOPPED -> 130;
            case FAILED -> 1;
        };
    }

    private TrialOutcome trainOnce(LocalTrainerLauncher launcher, TrialSpec spec, Path runDir, EpochPrinter printer)
            throws Exception {
        TrialRun run = launcher.launch(new TrialJob(spec, runDir, Duration.ofSeconds(timeLimit)), printer);
        Thread interrupt = new Thread(() -> {
            run.stop("interrupted (Ctrl-C)");
            run.outcome().join();
        }, "train-interrupt");
        Runtime.getRuntime().addShutdownHook(interrupt);
        TrialOutcome outcome = run.outcome().get();
        try {
            Runtime.getRuntime().removeShutdownHook(interrupt);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C arrived: the hook is running and waits for this outcome.
        }
        return outcome;
    }

    /** CPU time of every trainer process so far (a replaced process's as of its last job). */
    private static Duration trainerCpu(LocalTrainerLauncher launcher) {
        return launcher.workerReports().stream().map(LocalTrainerLauncher.WorkerReport::cpu)
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** Wall and trainer CPU seconds of each repeated run; the warm ones summarised by their median. */
    private static final class RepeatTimes {
        private final List<double[]> runs = new ArrayList<>();

        void add(int run, double wall, double cpu, List<LocalTrainerLauncher.WorkerReport> workers) {
            runs.add(new double[]{wall, cpu});
            long resident = workers.stream().filter(LocalTrainerLauncher.WorkerReport::alive)
                    .mapToLong(w -> w.memory().residentBytes()).sum();
            System.out.printf(java.util.Locale.ROOT, "run %d (%s): wall %.3f s, trainer CPU %.3f s, trainer resident %d MiB%n",
                    run, run == 1 ? "cold: process start-up included" : "warm", wall, cpu, resident >> 20);
        }

        void print(java.io.PrintStream out, List<LocalTrainerLauncher.WorkerReport> workers) {
            if (runs.size() < 2) {
                return;
            }
            double[] wall = runs.stream().skip(1).mapToDouble(r -> r[0]).sorted().toArray();
            double[] cpu = runs.stream().skip(1).mapToDouble(r -> r[1]).sorted().toArray();
            out.printf(java.util.Locale.ROOT, "warm runs (%d): median wall %.3f s, median trainer CPU %.3f s%n",
                    wall.length, wall[wall.length / 2], cpu[cpu.length / 2]);
            for (LocalTrainerLauncher.WorkerReport w : workers) {
                out.printf(java.util.Locale.ROOT, "trainer process %d: %d trainings, resident %d MiB, peak %d MiB%s%n",
                        w.pid(), w.trainings(), w.memory().residentBytes() >> 20, w.memory().peakBytes() >> 20,
                        w.alive() ? "" : " (ended)");
            }
        }
    }

    /** Prints each epoch as it arrives: one line, every task's metric. */
    private static final class EpochPrinter implements TrialListener {
        private final TrialSpec spec;
        private final List<EpochReport> epochs = new ArrayList<>();

        private final boolean print;

        EpochPrinter(TrialSpec spec, boolean print) {
            this.spec = spec;
            this.print = print;
        }

        synchronized List<EpochReport> epochs() {
            return List.copyOf(epochs);
        }

        @Override
        public synchronized void onEpoch(EpochReport r) {
            epochs.add(r);
            if (!print) {
                return;
            }
            StringBuilder line = new StringBuilder(String.format("epoch %3d/%d  %6.1fs  %8.0f samples/s ",
                    r.epoch(), spec.training().epochs(), r.seconds(), r.seconds() > 0 ? r.samples() / r.seconds() : 0));
            r.values().forEach((task, v) -> line.append(String.format(" %s=%.4f", task, v)));
            System.out.println(line);
        }

        @Override
        public void onAffinity(AffinityMatrix affinity, long step) {
        }

        @Override
        public void onLog(String line) {
            System.err.println("  trainer: " + line);
        }
    }
}
