package io.branchwise.search;

import io.branchwise.json.PlainJson;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.ParameterBudget;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.metric.RepeatedDelta;
import io.branchwise.space.metric.RepeatedDeltaM;
import io.branchwise.space.metric.Sample;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.Storage;
import io.branchwise.storage.TrialRecord;
import io.branchwise.trial.TrialSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict on repeats ({@code search.seeds} > 1): the single-seed search ranked the trials; now the finalists —
 * the best trials and the two reference layouts — are each trained with {@code seeds} fresh seeds (none the search
 * used, so the winner's luck in the search does not carry over) and compared with each task's baseline network on as
 * many seeds ({@link SingleTaskRuns#repeats}, trained before the search and found in the cache), on validation and
 * test. Each finalist's Δm and every task's Δ come with 95% intervals ({@link RepeatedDeltaM}). When the best
 * finalist loses a task significantly (its whole interval below {@code -max_task_drop}), its layout is repaired and
 * the repairs are trained on the same seeds; the chosen finalist is the one with the highest Δm among those with no
 * significant loss, and when every one has one, the best Δm with the tasks it loses named to be trained alone. The
 * same arithmetic serves the A/A check ({@link #noiseCheck}).
 */
public final class FinalRound {
    /**
     * One finalist: a trial ({@code trialNumber} ≥ 0, a repair included once stored) or a reference layout (-1).
     *
     * @param delta      on the validation split, where models are chosen (and a loss is judged)
     * @param test       the same on the test split, reported beside it; null when the trainer reported no test
     *                   metrics
     * @param bestEpochs each repeat's kept epoch (its best on validation)
     */
    public record Finalist(String name, int trialNumber, String layout, RepeatedDeltaM delta, RepeatedDeltaM test,
                           List<Integer> bestEpochs) {
        public Finalist {
            bestEpochs = List.copyOf(bestEpochs);
        }

        public boolean reference() {
            return trialNumber < 0;
        }

        /** The median kept epoch over the repeats. */
        public int medianBestEpoch() {
            List<Integer> sorted = bestEpochs.stream().sorted().toList();
            return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        }

        Map<String, Object> toMap(double maxTaskDrop) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("trial_number", trialNumber < 0 ? null : trialNumber);
            m.put("layout", layout);
            m.put("delta_m", delta.percent());
            m.put("delta_m_interval", List.of(delta.low(), delta.high()));
            m.put("test_delta_m", test == null ? null : test.percent());
            m.put("test_delta_m_interval", test == null ? null : List.of(test.low(), test.high()));
            m.put("best_epochs", bestEpochs);
            List<Object> tasks = new ArrayList<>();
            for (int i = 0; i < delta.perTask().size(); i++) {
                RepeatedDelta d = delta.perTask().get(i);
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("task", d.task());
                t.put("delta", d.percent());
                t.put("interval", List.of(d.low(), d.high()));
                t.put("noise_floor", d.noiseFloor());
                t.put("significant_loss", d.significantLoss(maxTaskDrop));
                if (test != null) {
                    RepeatedDelta onTest = test.perTask().get(i);
                    t.put("test_delta", onTest.percent());
                    t.put("test_interval", List.of(onTest.low(), onTest.high()));
                    t.put("test_noise_floor", onTest.noiseFloor());
                }
                tasks.add(t);
            }
            m.put("tasks", tasks);
            return m;
        }
    }

    /**
     * @param chosen     the finalist recommended on the repeats
     * @param trainAlone tasks the chosen finalist still loses significantly (empty when it loses none)
     */
    public record Verdict(int seeds, List<Finalist> finalists, Finalist chosen, List<String> trainAlone,
                          double maxTaskDrop) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seeds", seeds);
            m.put("chosen", chosen.name());
            m.put("train_alone", trainAlone);
            m.put("finalists", finalists.stream().map(f -> (Object) f.toMap(maxTaskDrop)).toList());
            return m;
        }
    }

    private final SearchSpec spec;
    private final List<BoundTask> tasks;
    private final Map<String, Baseline> baselines;
    private final Scoring scoring;
    private final TrialSpecs trialSpecs;
    private final TrainerPool pool;
    private final BaselineCache cache;
    private final Path workDirectory;
    private final SearchListener listener;
    /** The baselines' repeats: the search trained them already, so the verdict finds them cached. */
    private final SingleTaskRuns singleTaskRuns;

    FinalRound(SearchSpec spec, List<BoundTask> tasks, Map<String, Baseline> baselines, Scoring scoring,
               TrialSpecs trialSpecs, TrainerPool pool, BaselineCache cache, Path workDirectory, SearchListener listener) {
        this.spec = spec;
        this.tasks = tasks;
        this.baselines = baselines;
        this.scoring = scoring;
        this.trialSpecs = trialSpecs;
        this.pool = pool;
        this.cache = cache;
        this.workDirectory = workDirectory;
        this.listener = listener;
        this.singleTaskRuns = new SingleTaskRuns(spec, trialSpecs, cache, workDirectory, listener);
    }

    /**
     * A configuration to retrain on fresh seeds: a trial ({@code trialNumber} ≥ 0), a reference layout (-1) or a
     * repair of the best finalist (-2 until it is stored as a trial).
     */
    private record Candidate(String name, int trialNumber, TrialConfiguration config) {
        String layout() {
            return config.layout();
        }
    }

    /** One candidate's repeats as they arrive (in any order), and the first seed's result. */
    private static final class Runs {
        final List<TrialResult> results = new ArrayList<>();
        TrialResult first;
    }

    /** Null when a stop interrupted it or no trial finalist has two complete repeats. */
    Verdict run(Storage storage, long studyId, Recommendation recommendation, Map<String, String> referenceLayouts,
                AffinityMatrix affinity) throws InterruptedException {
        int seeds = spec.search().seeds();
        List<Candidate> candidates = candidates(storage, studyId, recommendation, referenceLayouts);
        Map<String, List<Baseline>> stl = new LinkedHashMap<>();
        List<TrainerPool.Job> jobs = singleTaskRuns.repeats(tasks, baselines, stl);
        Map<String, Runs> runs = new LinkedHashMap<>();
        candidates.forEach(c -> jobs.addAll(repeats(c, runs)));
        if (!drain(jobs)) {
            return null;
        }
        List<Finalist> finalists = new ArrayList<>();
        for (Candidate c : candidates) {
            finalist(c, c.trialNumber(), runs.get(c.name()), stl).ifPresent(finalists::add);
        }
        double drop = spec.search().maxTaskDrop();
        Optional<Finalist> top = best(finalists, drop, false);
        if (top.isPresent() && !top.get().delta().significantLosses(drop).isEmpty()) {
            Candidate losing = candidates.stream().filter(c -> c.name().equals(top.get().name())).findFirst().orElseThrow();
            List<Candidate> repairs = repairs(losing, top.get().delta(), affinity, candidates);
            List<TrainerPool.Job> more = new ArrayList<>();
            repairs.forEach(c -> more.addAll(repeats(c, runs)));
            if (!drain(more)) {
                return null;
            }
            for (Candidate c : repairs) {
                Runs r = runs.get(c.name());
                if (finalist(c, c.trialNumber(), r, stl).isPresent() && r.first != null) {
                    int number = storeRepair(storage, studyId, c, losing.trialNumber(), r.first);
                    finalist(c, number, r, stl).ifPresent(finalists::add);
                }
            }
        }
        Optional<Finalist> chosen = best(finalists, drop, true);
        if (chosen.isEmpty()) {
            return null;
        }
        return new Verdict(seeds, finalists, chosen.get(), chosen.get().delta().significantLosses(drop), drop);
    }

    /** Seed indices of the A/A check's runs start here, far from the baselines' and the finalists' (≤ MAX_SEEDS). */
    private static final int NOISE_CHECK_SEEDS = 100;

    /**
     * The A/A check: per repetition, every task's baseline configuration trained on {@code seeds} fresh seeds (none
     * of the baselines' own), compared with the baseline sample exactly as a finalist is. Null when stopped.
     */
    NoiseCheck noiseCheck(int repetitions) throws InterruptedException {
        int seeds = spec.search().seeds();
        Map<String, List<Baseline>> stl = new LinkedHashMap<>();
        List<TrainerPool.Job> jobs = singleTaskRuns.repeats(tasks, baselines, stl);
        List<Map<String, Baseline[]>> reruns = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
            Map<String, Baseline[]> byTask = new LinkedHashMap<>();
            reruns.add(byTask);
            for (BoundTask task : tasks) {
                Baseline baseline = baselines.get(task.name());
                Baseline[] runs = new Baseline[seeds];
                byTask.put(task.name(), runs);
                for (int k = 0; k < seeds; k++) {
                    int seed = k;
                    TrialSpec trial = TrialSpecs.repeat(trialSpecs.singleTask(task.name(), baseline.config()),
                            NOISE_CHECK_SEEDS + r * SearchSpecReader.MAX_SEEDS + k);
                    String name = "aa-" + (r + 1) + "-" + task.name() + "-seed" + (k + 1);
                    jobs.add(job(trial, name, name, TrialJob.Kind.BASELINE,
                            outcome -> runs[seed] = Baseline.of(task, outcome.result(), new java.util.TreeMap<>(),
                                    baseline.config())));
                }
            }
        }
        if (!drain(jobs)) {
            return null;
        }
        List<NoiseCheck.Repetition> out = new ArrayList<>();
        for (Map<String, Baseline[]> byTask : reruns) {
            // Seed k of every task forms one "multi-task run", as a finalist's seed k trains every task at once.
            Runs r = new Runs();
            boolean complete = byTask.values().stream()
                    .allMatch(runs -> java.util.Arrays.stream(runs).allMatch(java.util.Objects::nonNull));
            for (int k = 0; complete && k < seeds; k++) {
                Map<String, Map<String, Double>> validation = new LinkedHashMap<>();
                Map<String, Map<String, Double>> test = new LinkedHashMap<>();
                for (Map.Entry<String, Baseline[]> e : byTask.entrySet()) {
                    validation.put(e.getKey(), e.getValue()[k].validation());
                    test.put(e.getKey(), e.getValue()[k].test());
                }
                r.results.add(new TrialResult(spec.training().epochs(), false, validation, test, null, null, 0.0));
            }
            out.add(new NoiseCheck.Repetition(compared(r, stl, false).orElse(null), compared(r, stl, true).orElse(null)));
        }
        return new NoiseCheck(seeds, spec.search().maxTaskDrop(), out);
    }

    /**
     * The trial finalist with the highest Δm; when {@code clean}, among those without a significant loss first
     * (falling back to all of them when none is).
     */
    private static Optional<Finalist> best(List<Finalist> finalists, double drop, boolean clean) {
        Comparator<Finalist> byDeltaM = Comparator.comparingDouble(f -> f.delta().percent());
        Optional<Finalist> withoutLoss = clean ? finalists.stream().filter(f -> !f.reference())
                .filter(f -> f.delta().significantLosses(drop).isEmpty()).max(byDeltaM) : Optional.empty();
        return withoutLoss.isPresent() ? withoutLoss : finalists.stream().filter(f -> !f.reference()).max(byDeltaM);
    }

    /** The jobs that train {@code c} on {@code seeds} fresh seeds, collecting into {@code runs}. */
    private List<TrainerPool.Job> repeats(Candidate c, Map<String, Runs> runs) {
        Runs r = new Runs();
        runs.put(c.name(), r);
        List<TrainerPool.Job> jobs = new ArrayList<>();
        for (int k = 1; k <= spec.search().seeds(); k++) {
            int seed = k;
            TrialSpec trial = TrialSpecs.repeat(
                    TrialSpecs.measuredAgainst(trialSpecs.stored(c.config()), baselines.values()), k);
            String folder = "final-" + c.name().replaceAll("[^A-Za-z0-9_.-]", "-") + "-seed" + k;
            jobs.add(job(trial, folder, "finalist " + c.name() + " seed " + k, TrialJob.Kind.REFERENCE, outcome -> {
                if (seed == 1) {
                    r.first = outcome.result();
                }
                r.results.add(outcome.result());
            }));
        }
        return jobs;
    }

    /** False when a stop interrupted the jobs. */
    private boolean drain(List<TrainerPool.Job> jobs) throws InterruptedException {
        pool.drainAll(jobs);
        return !pool.isStopping();
    }

    /**
     * The candidate's Δm and each task's Δ with intervals, on validation and test; empty when fewer than two repeats
     * finished with finite validation metrics (a failed repeat leaves the candidate out of the verdict).
     */
    private Optional<Finalist> finalist(Candidate c, int trialNumber, Runs r, Map<String, List<Baseline>> stl) {
        Optional<RepeatedDeltaM> validation = compared(r, stl, false);
        return validation.map(d -> new Finalist(c.name(), trialNumber, c.layout(), d, compared(r, stl, true).orElse(null),
                r.results.stream().map(TrialResult::bestEpoch).toList()));
    }

    private Optional<RepeatedDeltaM> compared(Runs r, Map<String, List<Baseline>> stl, boolean test) {
        if (r.results.size() < 2) {
            return Optional.empty();
        }
        List<RepeatedDeltaM.TaskSamples> samples = new ArrayList<>();
        for (BoundTask t : tasks) {
            double[] multi = r.results.stream().mapToDouble(res -> (test ? res.test() : res.validation())
                    .getOrDefault(t.name(), Map.of()).getOrDefault(t.metric(), Double.NaN)).toArray();
            double[] single = stl.get(t.name()).stream().mapToDouble(b -> test ? b.testValue() : b.value()).toArray();
            if (java.util.stream.DoubleStream.concat(java.util.Arrays.stream(multi), java.util.Arrays.stream(single))
                    .anyMatch(v -> !Double.isFinite(v))) {
                return Optional.empty();
            }
            samples.add(new RepeatedDeltaM.TaskSamples(t.name(), new Sample(multi), new Sample(single),
                    t.higherIsBetter(), scoring.weight(t)));
        }
        return Optional.of(RepeatedDeltaM.of(samples));
    }

    /** Repairs considered for each finalist's significantly losing tasks, worst first: at most this many tasks. */
    static final int MAX_REPAIRED_TASKS = 3;

    /**
     * The repairs of a finalist that loses tasks significantly (issue: no task left behind): each losing task on a
     * branch of its own after the trunk, or moved beside the tasks it has the most affinity with (when an affinity
     * run measured it); with several losers, also all of them on branches of their own. Same weighting and training
     * choices; layouts already among the finalists are not trained again.
     */
    private List<Candidate> repairs(Candidate losing, RepeatedDeltaM delta, AffinityMatrix affinity,
                                    List<Candidate> existing) {
        double drop = spec.search().maxTaskDrop();
        List<String> losers = delta.perTask().stream().filter(d -> d.significantLoss(drop))
                .sorted(Comparator.comparingDouble(RepeatedDelta::percent)).map(RepeatedDelta::task)
                .limit(MAX_REPAIRED_TASKS).toList();
        SharingLayout layout = SharingLayout.parse(losing.layout());
        Map<String, SharingLayout> proposals = new LinkedHashMap<>();
        SharingLayout allAlone = layout;
        for (String task : losers) {
            SharingLayout alone = layout.withTaskAlone(task, ownBranch(layout, task));
            proposals.putIfAbsent(task + " alone", alone);
            allAlone = allAlone.withTaskAlone(task, ownBranch(layout, task));
            closestOutside(layout, task, affinity).ifPresent(other ->
                    proposals.putIfAbsent(task + " beside " + other, layout.withTaskBeside(task, other)));
        }
        if (losers.size() > 1) {
            proposals.putIfAbsent(String.join("+", losers) + " alone", allAlone);
        }
        java.util.Set<TrialConfiguration> seen = new java.util.HashSet<>();
        existing.forEach(c -> seen.add(c.config()));
        List<Candidate> out = new ArrayList<>();
        proposals.forEach((what, repaired) -> {
            TrialConfiguration config = losing.config().withLayout(repaired.toString());
            if (seen.add(config)) {
                out.add(new Candidate("repair " + what, -2, config));
            }
        });
        return out;
    }

    /**
     * The branch a task gets on its own: the block of the branch it leaves, or one layer as wide as the trunk when
     * its head sat on the trunk, or its own baseline network when there is no trunk either.
     */
    private Block ownBranch(SharingLayout layout, String task) {
        Block where = layout.blockOf(task);
        boolean onTrunk = layout.root().heads().contains(task);
        if (!onTrunk) {
            return where;
        }
        return where.isIdentity() ? baselines.get(task).config().block() : Block.of(1, where.width());
    }

    /** The task outside {@code task}'s node whose node's tasks have the highest mean affinity with it. */
    static Optional<String> closestOutside(SharingLayout layout, String task, AffinityMatrix affinity) {
        if (affinity == null || !affinity.tasks().contains(task)) {
            return Optional.empty();
        }
        java.util.Set<String> beside = layout.headsBeside(task);
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        java.util.Set<java.util.SortedSet<String>> nodes = new java.util.LinkedHashSet<>();
        layout.tasks().stream().filter(u -> !beside.contains(u)).forEach(u -> nodes.add(layout.headsBeside(u)));
        for (java.util.SortedSet<String> node : nodes) {
            double score = node.stream().mapToDouble(u -> symmetricAffinity(affinity, task, u)).average().orElse(Double.NaN);
            if (score > bestScore) {
                bestScore = score;
                best = node.first();
            }
        }
        return Optional.ofNullable(best);
    }

    private static double symmetricAffinity(AffinityMatrix z, String a, String b) {
        int i = z.tasks().indexOf(a);
        int j = z.tasks().indexOf(b);
        return j < 0 ? Double.NaN : (z.get(i, j) + z.get(j, i)) / 2;
    }

    /**
     * Stores a repair as a complete trial of the study (no sampled parameters: the sampler did not propose it), its
     * first seed's run as its result, so that it can be recommended like any trial. Returns its number.
     */
    private int storeRepair(Storage storage, long studyId, Candidate c, int repairOf, TrialResult result) {
        Comparison comparison = scoring.compare(c.layout(), result.validation(), result.test());
        long trialId = storage.createTrial(studyId, null);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put(TrialAttributes.LAYOUT, c.layout());
        attrs.put(TrialAttributes.WEIGHTING, c.config().weighting());
        attrs.put(TrialAttributes.LEARNING_RATE, c.config().choice().learningRate());
        TrainingChoice choice = c.config().choice();
        attrs.put(TrialAttributes.ACTIVATION, choice.activation() != null ? choice.activation() : spec.training().activation());
        attrs.put(TrialAttributes.DROPOUT, choice.dropout() != null ? choice.dropout() : spec.training().dropout());
        attrs.put(TrialAttributes.PARAMETERS, new ParameterBudget(tasks, java.util.OptionalLong.empty())
                .count(SharingLayout.parse(c.layout())));
        attrs.put(TrialAttributes.VALIDATION, result.validation());
        attrs.put(TrialAttributes.TEST, result.test());
        attrs.put(TrialAttributes.BEST_EPOCH, result.bestEpoch());
        Map<String, Object> deltas = new LinkedHashMap<>();
        comparison.rows().forEach(row -> deltas.put(row.task(), row.deltaPercent()));
        attrs.put(TrialAttributes.DELTA_PER_TASK, deltas);
        attrs.put(TrialAttributes.NEGATIVE_TRANSFER, comparison.negativeTransfer());
        attrs.put(TrialAttributes.DELTA_M, comparison.deltaM());
        attrs.put(TrialAttributes.REPAIR_OF, Map.of("trial", repairOf, "change", c.name().substring("repair ".length())));
        if (result.model() != null) {
            attrs.put(TrialAttributes.MODEL, result.model().toAbsolutePath().toString());
        }
        attrs.forEach((k, v) -> storage.setTrialAttribute(trialId, AttributeScope.SYSTEM, k, PlainJson.write(v)));
        double[] values = spec.search().perTaskObjectives()
                ? comparison.rows().stream().mapToDouble(TaskRow::value).toArray()
                : new double[]{comparison.deltaM()};
        storage.setTrialStateValues(trialId, TrialState.COMPLETE, values);
        return (int) storage.trial(trialId).number();
    }

    /** The recommendation, the best other trials by Δm (trained ones, distinct), and the two reference layouts. */
    private List<Candidate> candidates(Storage storage, long studyId, Recommendation recommendation,
                                       Map<String, String> referenceLayouts) {
        List<TrialRecord> ranked = storage.trials(studyId, -1, List.of()).stream()
                .filter(t -> t.state() == TrialState.COMPLETE && !t.values().isEmpty()
                        && t.systemAttributes().containsKey(TrialAttributes.LAYOUT) // not another client's trial
                        && !t.systemAttributes().containsKey(TrialAttributes.DUPLICATE_OF)
                        && !t.systemAttributes().containsKey(TrialAttributes.INFEASIBLE))
                .sorted(Comparator.comparingDouble((TrialRecord t) -> deltaM(t)).reversed()
                        .thenComparingLong(TrialRecord::number))
                .toList();
        List<TrialRecord> chosen = new ArrayList<>();
        ranked.stream().filter(t -> t.number() == recommendation.trialNumber()).findFirst().ifPresent(chosen::add);
        for (TrialRecord t : ranked) {
            if (chosen.size() >= spec.search().finalists()) {
                break;
            }
            if (!chosen.contains(t)) {
                chosen.add(t);
            }
        }
        List<Candidate> out = new ArrayList<>();
        for (TrialRecord t : chosen) {
            out.add(new Candidate("trial " + t.number(), (int) t.number(), TrialConfiguration.of(t)));
        }
        referenceLayouts.forEach((name, layout) -> out.add(new Candidate(name, -1,
                new TrialConfiguration(layout, Map.of("method", "ew"), TrainingChoice.baseline(spec)))));
        return out;
    }

    private static double deltaM(TrialRecord t) {
        Object d = Recommender.attr(t, TrialAttributes.DELTA_M);
        return d instanceof Number n ? n.doubleValue() : t.values().get(0);
    }

    private TrainerPool.Job job(TrialSpec trial, String folder, String label, TrialJob.Kind kind,
                                java.util.function.Consumer<TrialOutcome> onComplete) {
        TrialJob job = new TrialJob(trial, workDirectory.resolve(folder),
                spec.search().trialTimeLimit(), kind);
        return new TrainerPool.Job(job, outcome -> {
            listener.jobFinished(SearchListener.JobKind.REFERENCE, label, outcome.status().name(), outcome.reason());
            if (outcome.status() == TrialOutcome.Status.COMPLETE) {
                onComplete.accept(outcome);
            }
        }).atLaunch(() -> listener.jobStarted(SearchListener.JobKind.REFERENCE, label));
    }
}
