package io.branchwise.search;

import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.launcher.TrialRun;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.trial.TrialSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Trainings of one task alone: the configurations of a baseline search, and the chosen network's repeats on fresh
 * seeds. Each run's curve is kept, each completed run cached ({@link BaselineCache}), and each end reported.
 */
final class SingleTaskRuns {
    private final SearchSpec spec;
    private final TrialSpecs trialSpecs;
    private final BaselineCache cache;
    private final Path workDirectory;
    private final SearchListener listener;

    SingleTaskRuns(SearchSpec spec, TrialSpecs trialSpecs, BaselineCache cache, Path workDirectory,
                   SearchListener listener) {
        this.spec = spec;
        this.trialSpecs = trialSpecs;
        this.cache = cache;
        this.workDirectory = workDirectory;
        this.listener = listener;
    }

    /**
     * One training of {@code task} on {@code config} (its trial spec {@code trial}); {@code completed} gets the run,
     * {@code failed} the reason when it did not complete (not called for a stop).
     */
    TrainerPool.Job job(BoundTask task, BaselineDesign.Config config, TrialSpec trial, String label,
                        String folder, Consumer<Baseline> completed, Consumer<String> failed) {
        NavigableMap<Long, Double> curve = new TreeMap<>();
        long[] started = {0};
        TrainerPool.Handler handler = new TrainerPool.Handler() {
            @Override
            public void onLaunch() {
                started[0] = System.nanoTime();
            }

            @Override
            public void onEpoch(TrialRun run, EpochReport report) {
                curve.put((long) report.epoch(), report.values().getOrDefault(task.name(), Double.NaN));
            }

            @Override
            public void onOutcome(TrialOutcome outcome) {
                String took = String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - started[0]) / 1e9);
                listener.jobFinished(SearchListener.JobKind.BASELINE, label, outcome.status().name(),
                        outcome.reason().isEmpty() ? took : outcome.reason() + ", " + took);
                if (outcome.status() == TrialOutcome.Status.COMPLETE) {
                    Baseline b = Baseline.of(task, outcome.result(), curve, config);
                    cache.put(trial, b);
                    completed.accept(b);
                } else if (outcome.status() != TrialOutcome.Status.STOPPED) {
                    failed.accept(outcome.reason() + (outcome.path().isEmpty() ? "" : " (at " + outcome.path() + ")"));
                }
            }
        };
        TrialJob job = new TrialJob(trial, workDirectory.resolve(folder),
                spec.search().trialTimeLimit(), TrialJob.Kind.BASELINE);
        return new TrainerPool.Job(job, handler);
    }

    /**
     * Each task's chosen network ({@code chosen}, one run or a mean) on {@code search.seeds} fresh seeds, never the
     * run it was chosen by: cached runs go into {@code into} at once, the others as they complete.
     */
    List<TrainerPool.Job> repeats(List<BoundTask> tasks, Map<String, Baseline> chosen, Map<String, List<Baseline>> into) {
        List<TrainerPool.Job> jobs = new ArrayList<>();
        for (BoundTask task : tasks) {
            BaselineDesign.Config config = chosen.get(task.name()).config();
            List<Baseline> runs = new ArrayList<>();
            into.put(task.name(), runs);
            for (int k = 1; k <= spec.search().seeds(); k++) {
                TrialSpec trial = TrialSpecs.repeat(trialSpecs.singleTask(task.name(), config), k);
                Optional<Baseline> cached = cache.find(trial);
                if (cached.isPresent()) {
                    runs.add(cached.get());
                    continue;
                }
                String label = task.name() + " repeat " + k;
                jobs.add(job(task, config, trial, label, "stl-" + task.name() + "-repeat" + k, runs::add, reason -> {
                }).atLaunch(() -> listener.jobStarted(SearchListener.JobKind.BASELINE, label)));
            }
        }
        return jobs;
    }
}
