package io.branchwise.search;

import io.branchwise.json.AffinityJson;
import io.branchwise.json.PlainJson;
import io.branchwise.launcher.TrainerLauncher;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.GroupingChoice;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.grouping.Grouping;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.Storage;
import io.branchwise.storage.TrialRecord;
import io.branchwise.trial.TrialSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One search, start to end, on the calling thread (plain threads, no event loop, so a service can run it on a
 * worker):
 * <ol>
 *   <li>groundwork, all in parallel over the launcher: each task's baseline search ({@link BaselineDesign}; runs
 *       reused from the storage when another study trained the same one) and linear floor, one joint hard-sharing
 *       run that measures task affinity (when the groupings are {@code auto}) and the two reference layouts, hard
 *       sharing and fully task-specific; with {@code search.seeds} > 1, each task's chosen baseline network on fresh
 *       seeds, whose mean every Δ is measured against, as soon as that task's configurations are compared. Jobs
 *       start costliest first ({@link JobQueue});</li>
 *   <li>the search over layouts × loss weighting × learning rate ({@link TrialLoop});</li>
 *   <li>the verdict on repeats and its repairs ({@link FinalRound}), the recommendation, and on request the pruner's
 *       audit ({@link PrunerAudit}).</li>
 * </ol>
 * Every result is stored as it arrives, so a stop (or a kill) loses only the trials that were running, and a run
 * with {@code resume} redoes nothing that finished.
 */
public final class SearchRunner {
    static final String HARD_SHARING = "hard_sharing";
    static final String TASK_SPECIFIC = "task_specific";

    private final SearchSpec spec;
    private final List<BoundTask> tasks;
    private final Storage storage;
    private final Path workDirectory;
    private final boolean resume;
    private final SearchListener listener;
    private final TrainerPool pool;
    private final TrialSpecs trialSpecs;
    private final SingleTaskRuns singleTaskRuns;

    private final Map<String, Baseline> baselines = new LinkedHashMap<>();
    /** Baselines cached across studies; one per search, so the data files' content is hashed once. */
    private final BaselineCache cache;
    /** The verdict on repeats, when {@code search.seeds} > 1 and it could be made. */
    private FinalRound.Verdict verdict;
    /** The pruned trials trained to the end, when {@code search.pruner.audit}. */
    private PrunerAudit.Result pruneAudit;
    /** Each task's linear model (no hidden layer), a floor beside the trivial predictor; cached like baselines. */
    private final Map<String, Baseline> linearModels = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> referenceRuns = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private AffinityMatrix affinity;
    private List<Grouping> candidates = List.of();
    /** When each groundwork job was handed to the launcher, by kind and label, for its wall time. */
    private final Map<String, Long> launchedAt = new LinkedHashMap<>();

    /**
     * @param tasks    the spec's tasks bound to the data ({@link io.branchwise.search.spec.SpecCheck})
     * @param workRoot trial folders go under {@code workRoot/<study name>/}
     * @param resume   continue the study of the same name instead of refusing to touch it
     */
    public SearchRunner(SearchSpec spec, List<BoundTask> tasks, Storage storage, TrainerLauncher launcher,
                        Path workRoot, boolean resume, SearchListener listener) {
        this(spec, tasks, storage, launcher, workRoot, resume, listener, "");
    }

    /**
     * @param codeVersion identifies the trainer's and task types' code ({@link
     *                    io.branchwise.catalog.PluginCatalog#codeVersion}): cached baselines trained by other code
     *                    are not reused
     */
    public SearchRunner(SearchSpec spec, List<BoundTask> tasks, Storage storage, TrainerLauncher launcher,
                        Path workRoot, boolean resume, SearchListener listener, String codeVersion) {
        this.spec = spec;
        this.tasks = List.copyOf(tasks);
        this.storage = storage;
        this.workDirectory = workRoot.resolve(spec.name());
        this.resume = resume;
        this.listener = listener;
        this.pool = new TrainerPool(launcher, spec.search().parallel(), new TrainingCost(tasks)::of);
        this.cache = new BaselineCache(storage, spec.baseDirectory(), codeVersion);
        launcher.prestart(spec.search().parallel());
        this.trialSpecs = new TrialSpecs(spec);
        this.singleTaskRuns = new SingleTaskRuns(spec, trialSpecs, cache, workDirectory, listener);
    }

    /**
     * From any thread: starts nothing more and stops the running trainers. {@link #run} then returns a STOPPED
     * result with everything that finished stored; the interrupted trials are marked so and not counted.
     */
    public void stop(String reason) {
        pool.stop(reason);
    }

    /**
     * Runs the search; returns when it is complete or stopped. Fails with {@link SearchException} when it cannot
     * go on (a study of that name exists without {@code resume}, a baseline failed …); the study's status says why.
     */
    public SearchResult run() throws InterruptedException {
        SearchStudy study = SearchStudy.open(storage, spec, tasks, resume);
        listener.started(study.id(), study.name());
        study.status("running", "");
        try {
            SearchResult result = phases(study);
            study.status(result.status() == SearchResult.Status.COMPLETE ? "complete" : "stopped", result.reason());
            return result;
        } catch (InterruptedException e) {
            study.status("stopped", "interrupted");
            throw e;
        } catch (RuntimeException e) {
            try {
                pool.stop("the search failed: " + e.getMessage());
                study.status("failed", String.valueOf(e.getMessage()));
                failRunningTrials(study, "the search failed: " + e.getMessage());
            } catch (RuntimeException storageGone) {
                e.addSuppressed(storageGone);
            }
            throw e;
        }
    }

    /** No orphans: the search's own trials still RUNNING end as FAIL with the reason (other clients' are theirs). */
    private void failRunningTrials(SearchStudy study, String reason) {
        for (TrialRecord t : storage.trials(study.id(), -1, List.of())) {
            if (t.state() == TrialState.RUNNING && t.systemAttributes().containsKey(TrialAttributes.OWNER)) {
                storage.setTrialAttribute(t.id(), AttributeScope.SYSTEM, TrialAttributes.FAIL_REASON, PlainJson.write(reason));
                storage.setTrialStateValues(t.id(), TrialState.FAIL, new double[0]);
            }
        }
    }

    private SearchResult phases(SearchStudy study) throws InterruptedException {
        listener.phase(SearchListener.Phase.BASELINES);
        groundwork(study);
        SearchListener.Progress none = new SearchListener.Progress(spec.search().trials(), 0, 0, 0, 0, 0, 0, Double.NaN,
                Double.NaN);
        if (pool.isStopping()) {
            return result(study, SearchResult.Status.STOPPED, pool.stopReason(), none, Map.of(),
                    new Recommender.Outcome(null, List.of()));
        }
        if (!failures.isEmpty()) {
            throw new SearchException(String.join("; ", failures));
        }
        Set<String> failedBaselines = new java.util.HashSet<>();
        floors().stream().filter(TaskFloor::baselineFailed).forEach(f -> failedBaselines.add(f.task()));
        Scoring scoring = new Scoring(tasks, baselines, failedBaselines);
        try {
            scoring.requireUsableBaselines();
        } catch (IllegalStateException e) {
            throw new SearchException(e.getMessage());
        }
        List<Object> stored = new ArrayList<>();
        orderedBaselines().forEach(b -> stored.add(b.toMap()));
        study.set(SearchStudy.BASELINES, stored);
        Map<String, Comparison> references = references(scoring);
        Map<String, Object> referenceMaps = new LinkedHashMap<>();
        references.forEach((name, c) -> referenceMaps.put(name, SearchResult.comparisonMap(c)));
        study.set(SearchStudy.REFERENCES, referenceMaps);

        listener.phase(SearchListener.Phase.SEARCH);
        TrialLoop loop = new TrialLoop(spec, tasks, study, scoring, baselines,
                spec.space().groupings() instanceof GroupingChoice.Auto ? CandidateGroupings.groups(candidates) : null,
                pool, trialSpecs, workDirectory, listener);
        loop.run();

        listener.phase(SearchListener.Phase.RECOMMENDATION);
        Recommender recommender = new Recommender(scoring, spec.search().maxTaskDrop(),
                spec.search().perTaskObjectives());
        Recommender.Outcome outcome = recommender.recommend(storage, study.id());
        if (spec.search().seeds() > 1 && outcome.recommendation() != null && !pool.isStopping()) {
            Map<String, String> referenceLayouts = new LinkedHashMap<>();
            referenceLayouts.put(HARD_SHARING, SharingLayout.hardSharing(spec.search().baseline(), spec.taskNames()).toString());
            referenceLayouts.put(TASK_SPECIFIC, SharingLayout.taskSpecific(spec.search().baseline(), spec.taskNames()).toString());
            verdict = new FinalRound(spec, tasks, baselines, scoring, trialSpecs, pool, cache, workDirectory, listener)
                    .run(storage, study.id(), outcome.recommendation(), referenceLayouts, affinity);
            if (verdict != null) {
                study.set(SearchStudy.VERDICT, verdict.toMap());
                int single = outcome.recommendation().trialNumber();
                int chosen = verdict.chosen().trialNumber();
                String note = verdict.trainAlone().isEmpty()
                        ? (chosen == single ? "" : verdict.chosen().name().startsWith("repair ")
                        ? verdict.chosen().name() + ": the best finalist lost a task significantly on "
                        + verdict.seeds() + " seeds, and this change of its layout loses none"
                        : "chosen on " + verdict.seeds() + " seeds; the single run ranked trial " + single + " first")
                        : "every finalist loses a task significantly on " + verdict.seeds() + " seeds; this is the"
                        + " best Δm, and " + verdict.trainAlone() + " should be trained alone";
                if (verdict.trainAlone().isEmpty() && verdict.chosen().delta().low() <= 0) {
                    // Say plainly when the gain is within noise: training each task alone is as good on this data.
                    note = (note.isEmpty() ? "" : note + "; ") + "its Δm interval includes 0: on " + verdict.seeds()
                            + " seeds no finalist beats training each task alone by more than noise; sharing"
                            + " layers here saves parameters and training time, not error";
                }
                Recommendation onRepeats = recommender.recommendTrial(storage, study.id(), chosen,
                        verdict.trainAlone().isEmpty(), note);
                if (onRepeats != null) {
                    outcome = new Recommender.Outcome(onRepeats.onRepeats(verdict), outcome.paretoSet());
                }
            }
        }
        String cutShort = budgetNote();
        if (outcome.recommendation() != null && !cutShort.isEmpty()) {
            outcome = new Recommender.Outcome(outcome.recommendation().withNote(cutShort), outcome.paretoSet());
        }
        if (outcome.recommendation() != null) {
            study.set(SearchStudy.RECOMMENDATION, outcome.recommendation().toMap());
        }
        if (spec.search().pruner().audit() && !pool.isStopping()) {
            pruneAudit = new PrunerAudit(spec, scoring, baselines, trialSpecs, pool, workDirectory, listener)
                    .run(storage, study.id(), verdict);
            if (pruneAudit != null) {
                study.set(SearchStudy.PRUNER_AUDIT, pruneAudit.toMap());
            }
        }
        if (spec.search().perTaskObjectives()) {
            study.set(SearchStudy.PARETO_SET, SearchResult.paretoMaps(outcome.paretoSet()));
        }
        // A loop that gave up (nothing it proposed fit the parameter budget) ends like a stop: what finished stands.
        // An exhausted space ends it complete, with the reason.
        boolean stopped = pool.isStopping() || loop.gaveUp() != null;
        String reason = pool.isStopping() ? pool.stopReason() : loop.gaveUp() != null ? loop.gaveUp()
                : loop.exhausted() != null ? loop.exhausted() : "";
        return result(study, stopped ? SearchResult.Status.STOPPED : SearchResult.Status.COMPLETE, reason,
                loop.progress(), references, outcome);
    }

    /**
     * Says when {@code training.epochs} cut the baselines short ({@link Baseline#stillImproving}): every Δm is then
     * measured against networks that had not finished learning. Empty when none was.
     */
    private String budgetNote() {
        List<String> cut = orderedBaselines().stream().filter(Baseline::stillImproving).map(Baseline::task).toList();
        if (cut.isEmpty()) {
            return "";
        }
        return (cut.size() == tasks.size() ? "every task's baseline" : "the baselines of " + String.join(", ", cut))
                + " still improved at the last of the " + spec.training().epochs() + " epochs: Δm here also measures"
                + " how fast each model learns, not only how well; raise training.epochs (training.patience keeps the best"
                + " epoch, so a longer budget costs time, not overfitting)";
    }

    private SearchResult result(SearchStudy study, SearchResult.Status status, String reason,
                                SearchListener.Progress progress, Map<String, Comparison> references,
                                Recommender.Outcome outcome) {
        return new SearchResult(study.id(), study.name(), status, reason, spec.search().objective(), progress,
                orderedBaselines(), floors(), affinity, candidates, references, outcome.recommendation(),
                outcome.paretoSet(), verdict, pruneAudit);
    }

    /** The baselines in the spec's task order (they finish in any order); tasks without one are left out. */
    private List<Baseline> orderedBaselines() {
        return tasks.stream().map(t -> baselines.get(t.name())).filter(java.util.Objects::nonNull).toList();
    }

    // ---- groundwork ---------------------------------------------------------------------------------------

    private record Planned(SearchListener.JobKind kind, String label, TrainerPool.Job job) {
    }

    private void groundwork(SearchStudy study) throws InterruptedException {
        List<Planned> jobs = new ArrayList<>();
        for (BoundTask task : tasks) {
            TrialSpec linear = trialSpecs.linear(task.name());
            Optional<Baseline> cachedLinear = cache.find(linear);
            if (cachedLinear.isPresent()) {
                linearModels.put(task.name(), cachedLinear.get());
            } else {
                jobs.add(linearJob(task, linear));
            }
        }
        if (spec.space().groupings() instanceof GroupingChoice.Auto) {
            Optional<Object> stored = study.get(SearchStudy.AFFINITY);
            if (stored.isPresent()) {
                useAffinity(AffinityJson.read(stored.get()));
            } else {
                jobs.add(affinityJob(study));
            }
        }
        for (String name : List.of(HARD_SHARING, TASK_SPECIFIC)) {
            Optional<Object> stored = study.get(SearchStudy.REFERENCE_RUN + name);
            if (stored.isPresent()) {
                referenceRuns.put(name, castMap(stored.get()));
            } else {
                jobs.add(referenceJob(study, name));
            }
        }
        trainBaselines(jobs);
    }

    /**
     * Each task's best configuration; with {@code search.seeds} > 1, its baseline is the mean of that network on as
     * many fresh seeds (the runs the verdict compares with, so the search's Δm, its pruner and the verdict all
     * measure against the same unbiased figures). A failed repeat only leaves the mean over fewer runs; with none
     * left the chosen run stands alone.
     */
    private void chooseBaselines(Map<String, BaselineSearch> searches, Map<String, List<Baseline>> repeats) {
        searches.forEach((task, search) -> search.best().ifPresentOrElse(b -> {
            List<Baseline> runs = repeats.getOrDefault(task, List.of());
            baselines.put(task, runs.isEmpty() ? b : b.meanOf(runs));
        }, () -> {
            if (!failures.contains(search.failure())) {
                failures.add(search.failure());
            }
        }));
    }

    /**
     * Each task's baseline search: a job per configuration not found in the cache; cached runs go in directly. With
     * {@code search.seeds} > 1, once a task's configurations have all ended, the chosen one's repeats on fresh seeds
     * join {@code queue} (collected in {@code repeats}), so they run beside the other tasks' searches rather than
     * after all of them.
     */
    private List<Planned> baselineJobs(Map<String, BaselineSearch> searches, Map<String, List<Baseline>> repeats,
                                       JobQueue queue) {
        List<Planned> jobs = new ArrayList<>();
        List<BaselineDesign.Config> design = BaselineDesign.of(spec);
        for (BoundTask task : tasks) {
            BaselineSearch search = new BaselineSearch(task.name(), design);
            searches.put(task.name(), search);
            Runnable searched = () -> {
                if (!search.finished()) {
                    return;
                }
                if (search.best().isEmpty()) {
                    failures.add(search.failure()); // the search cannot go on: no more repeats are queued
                } else {
                    queueRepeats(task, search, repeats, queue);
                }
            };
            for (BaselineDesign.Config config : design) {
                TrialSpec trial = trialSpecs.singleTask(task.name(), config);
                String label = design.size() == 1 ? task.name() : task.name() + " " + config.label();
                Optional<Baseline> cached = cache.find(trial);
                if (cached.isPresent()) {
                    search.completed(cached.get());
                    listener.jobFinished(SearchListener.JobKind.BASELINE, label, "REUSED",
                            "trained alone earlier with the same data, budget and seed");
                } else {
                    String folder = "stl-" + task.name() + (design.size() == 1 ? ""
                            : "-" + config.block() + "-lr" + config.learningRate());
                    jobs.add(new Planned(SearchListener.JobKind.BASELINE, label, singleTaskRuns.job(task, config, trial,
                            label, folder, b -> {
                                search.completed(b);
                                searched.run();
                            }, reason -> {
                                search.failed(config, reason);
                                searched.run();
                            })));
                }
            }
            searched.run(); // every configuration was cached
        }
        return jobs;
    }

    /** The job, saying when it starts (and noting the time, for its wall time). */
    private TrainerPool.Job announced(Planned p) {
        return p.job().atLaunch(() -> {
            launchedAt.put(p.kind() + " " + p.label(), System.nanoTime());
            listener.jobStarted(p.kind(), p.label());
        });
    }

    /**
     * Runs the baseline searches (and {@code others}, groundwork that may run beside them) costliest first, each
     * task's repeats joining as soon as its configurations are compared, then chooses the baselines.
     */
    private void trainBaselines(List<Planned> others) throws InterruptedException {
        JobQueue queue = pool.queue();
        Map<String, BaselineSearch> searches = new LinkedHashMap<>();
        Map<String, List<Baseline>> repeats = new LinkedHashMap<>();
        baselineJobs(searches, repeats, queue).forEach(p -> queue.add(announced(p)));
        others.forEach(p -> queue.add(announced(p)));
        pool.drain(queue);
        if (pool.isStopping()) {
            return;
        }
        // A configuration its trainer stopped never ends its search's count: that task's repeats run now.
        searches.forEach((task, search) -> {
            if (!repeats.containsKey(task)) {
                queueRepeats(tasks.stream().filter(t -> t.name().equals(task)).findFirst().orElseThrow(), search,
                        repeats, queue);
            }
        });
        pool.drain(queue);
        if (pool.isStopping()) {
            return;
        }
        chooseBaselines(searches, repeats);
    }

    /** With {@code search.seeds} > 1 and nothing failed so far, the chosen configuration's repeats join {@code queue}. */
    private void queueRepeats(BoundTask task, BaselineSearch search, Map<String, List<Baseline>> repeats,
                              JobQueue queue) {
        if (spec.search().seeds() > 1 && failures.isEmpty()) {
            search.best().ifPresent(b -> singleTaskRuns.repeats(List.of(task), Map.of(task.name(), b), repeats)
                    .forEach(queue::add));
        }
    }

    /**
     * The A/A check ({@code branchwise calibrate}): each task's baseline (tuned or fixed, as a search would choose
     * it) is retrained on fresh seeds disjoint from the baselines', {@code repetitions} times, and compared with the
     * verdict's own arithmetic. The models cannot differ, so every flag is a false one: the rate shows whether the
     * verdict's intervals are honest on this data. Opens no study; baselines are cached as for a search. Null when
     * stopped.
     */
    public NoiseCheck calibrate(int repetitions) throws InterruptedException {
        listener.phase(SearchListener.Phase.BASELINES);
        trainBaselines(List.of());
        if (pool.isStopping()) {
            return null;
        }
        if (!failures.isEmpty()) {
            throw new SearchException(String.join("; ", failures));
        }
        Scoring scoring = new Scoring(tasks, baselines);
        try {
            scoring.requireUsableBaselines();
        } catch (IllegalStateException e) {
            throw new SearchException(e.getMessage());
        }
        return new FinalRound(spec, tasks, baselines, scoring, trialSpecs, pool, cache, workDirectory, listener)
                .noiseCheck(repetitions);
    }

    /** A task's linear model: a failure only leaves that floor out of the report. */
    private Planned linearJob(BoundTask task, TrialSpec trial) {
        String label = "linear " + task.name();
        TrainerPool.Handler handler = outcome -> {
            listener.jobFinished(SearchListener.JobKind.REFERENCE, label, outcome.status().name(), outcome.reason());
            if (outcome.status() != TrialOutcome.Status.COMPLETE) {
                return;
            }
            Baseline b = Baseline.of(task, outcome.result(), new TreeMap<>(), trialSpecs.linearConfig());
            cache.put(trial, b);
            linearModels.put(task.name(), b);
        };
        TrialJob job = new TrialJob(trial, workDirectory.resolve("linear-" + task.name()),
                spec.search().trialTimeLimit(), TrialJob.Kind.REFERENCE);
        return new Planned(SearchListener.JobKind.REFERENCE, label, new TrainerPool.Job(job, handler));
    }

    /** Per task, in the spec's order: the trivial predictor, the linear model, and whether the baseline beat them. */
    private List<TaskFloor> floors() {
        return tasks.stream().map(t -> TaskFloor.of(t, baselines.get(t.name()), linearModels.get(t.name()))).toList();
    }

    private Planned affinityJob(SearchStudy study) {
        SharingLayout layout = SharingLayout.hardSharing(spec.search().baseline(), spec.taskNames());
        String label = "run " + layout;
        TrainerPool.Handler handler = outcome -> {
            // Its wall time goes beside a joint training's: the grouping step should cost about one.
            double seconds = secondsSince(SearchListener.JobKind.AFFINITY, label);
            if (!finished(SearchListener.JobKind.AFFINITY, label, outcome, "the affinity run")) {
                return;
            }
            AffinityMatrix z = outcome.result().affinity();
            if (z == null || !z.tasks().equals(spec.taskNames())) {
                failures.add("the affinity run returned " + (z == null ? "no affinity matrix" : "a matrix for tasks "
                        + z.tasks()) + "; does the trainer measure affinity (training.affinity_every)? Set"
                        + " space.groupings to all, or list them, to search without it");
                return;
            }
            Map<String, Object> stored = AffinityJson.write(z);
            stored.put("seconds", seconds);
            stored.put("layout", layout.toString());
            stored.put("every_steps", spec.search().affinityEvery());
            stored.put("epochs", outcome.result().epochs());
            useAffinity(z);
            study.set(SearchStudy.AFFINITY, stored);
            study.set(SearchStudy.CANDIDATES, candidates.stream().map(g -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("groups", g.groups());
                m.put("score", g.score());
                return (Object) m;
            }).toList());
        };
        TrialJob job = new TrialJob(trialSpecs.affinity(layout), workDirectory.resolve("affinity"),
                spec.search().trialTimeLimit(), TrialJob.Kind.AFFINITY);
        return new Planned(SearchListener.JobKind.AFFINITY, label, new TrainerPool.Job(job, handler));
    }

    private void useAffinity(AffinityMatrix z) {
        affinity = z;
        candidates = CandidateGroupings.fromAffinity(z, spec.space().maxBranches());
        listener.affinity(z, candidates);
    }

    private Planned referenceJob(SearchStudy study, String name) {
        SharingLayout layout = name.equals(HARD_SHARING)
                ? SharingLayout.hardSharing(spec.search().baseline(), spec.taskNames())
                : SharingLayout.taskSpecific(spec.search().baseline(), spec.taskNames());
        String label = name + " " + layout;
        TrainerPool.Handler handler = outcome -> {
            if (!finished(SearchListener.JobKind.REFERENCE, label, outcome, "the " + name.replace('_', ' ')
                    + " reference")) {
                return;
            }
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("layout", layout.toString());
            run.put("validation", outcome.result().validation());
            run.put("test", outcome.result().test());
            referenceRuns.put(name, run);
            study.set(SearchStudy.REFERENCE_RUN + name, run);
        };
        TrialJob job = new TrialJob(trialSpecs.reference(layout),
                workDirectory.resolve("reference-" + name), spec.search().trialTimeLimit(),
                TrialJob.Kind.REFERENCE);
        return new Planned(SearchListener.JobKind.REFERENCE, label, new TrainerPool.Job(job, handler));
    }

    /**
     * Reports a groundwork job's end; true when it completed. A failure is remembered (the search cannot go on
     * without it); a stopped job is simply not done.
     */
    private boolean finished(SearchListener.JobKind kind, String label, TrialOutcome outcome, String what) {
        String took = String.format(java.util.Locale.ROOT, "%.1f s", secondsSince(kind, label));
        listener.jobFinished(kind, label, outcome.status().name(),
                outcome.reason().isEmpty() ? took : outcome.reason() + ", " + took);
        if (outcome.status() == TrialOutcome.Status.COMPLETE) {
            return true;
        }
        if (!(outcome.status() == TrialOutcome.Status.STOPPED && pool.isStopping())) {
            failures.add(what + " failed: " + outcome.reason() + (outcome.path().isEmpty() ? "" : " (at " + outcome.path() + ")"));
        }
        return false;
    }

    /** The references' comparisons; a reference whose metrics cannot be scored is left out. */
    private Map<String, Comparison> references(Scoring scoring) {
        Map<String, Comparison> out = new LinkedHashMap<>();
        referenceRuns.forEach((name, run) -> {
            try {
                out.put(name, scoring.compare(String.valueOf(run.get("layout")),
                        Baseline.metricsByTask(run.get("validation")), Baseline.metricsByTask(run.get("test"))));
            } catch (IllegalArgumentException e) {
                listener.jobFinished(SearchListener.JobKind.REFERENCE, name, "FAILED", e.getMessage());
            }
        });
        return out;
    }

    private double secondsSince(SearchListener.JobKind kind, String label) {
        Long start = launchedAt.get(kind + " " + label);
        return start == null ? Double.NaN : (System.nanoTime() - start) / 1e9;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
