package io.branchwise.search;

import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.metric.RepeatedDelta;
import io.branchwise.space.metric.RepeatedDeltaM;
import io.branchwise.space.metric.Sample;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.Storage;
import io.branchwise.storage.TrialRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict on repeats ({@code search.seeds} > 1): the single-seed search ranked the trials; now each task's
 * baseline configuration is trained with {@code seeds} seeds (counting its own run only when it was not chosen among
 * several), and the finalists — the best trials and the two reference layouts — are each trained
 * with {@code seeds} fresh seeds (none the search used, so the winner's luck in the search does not carry over).
 * Each finalist's Δm and every task's Δ come with 95% intervals ({@link RepeatedDeltaM}); the chosen finalist is the
 * one with the highest Δm among those with no significant loss (a task whose whole interval lies below
 * {@code -max_task_drop}); when every finalist has one, the best Δm is chosen and the tasks it loses are named to be
 * trained alone.
 */
public final class FinalRound {
    /** One finalist: a trial ({@code trialNumber} ≥ 0) or a reference layout ({@code -1}). */
    public record Finalist(String name, int trialNumber, String layout, RepeatedDeltaM delta) {
        public boolean reference() {
            return trialNumber < 0;
        }

        Map<String, Object> toMap(double maxTaskDrop) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("trial_number", trialNumber < 0 ? null : trialNumber);
            m.put("layout", layout);
            m.put("delta_m", delta.percent());
            m.put("delta_m_interval", List.of(delta.low(), delta.high()));
            List<Object> tasks = new ArrayList<>();
            for (RepeatedDelta d : delta.perTask()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("task", d.task());
                t.put("delta", d.percent());
                t.put("interval", List.of(d.low(), d.high()));
                t.put("noise_floor", d.noiseFloor());
                t.put("significant_loss", d.significantLoss(maxTaskDrop));
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
    }

    private record Candidate(String name, int trialNumber, String layout, Map<String, Object> spec) {
    }

    /** Null when a stop interrupted it or a finalist has fewer complete repeats than two. */
    Verdict run(Storage storage, long studyId, Recommendation recommendation, Map<String, String> referenceLayouts)
            throws InterruptedException {
        int seeds = spec.search().seeds();
        List<Candidate> candidates = candidates(storage, studyId, recommendation, referenceLayouts);
        Map<String, List<Double>> stl = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> multi = new LinkedHashMap<>();
        List<TrainerPool.Job> jobs = new ArrayList<>();
        for (BoundTask task : tasks) {
            Baseline baseline = baselines.get(task.name());
            // A baseline chosen as the best of several configurations won partly by its seed's luck: its own run
            // would bias the sample upwards, so a tuned baseline's sample is all fresh seeds of its configuration.
            boolean selected = baseline.tried() > 1;
            List<Double> values = new ArrayList<>(selected ? List.of() : List.of(baseline.value()));
            stl.put(task.name(), values);
            for (int k = 1; k < seeds + (selected ? 1 : 0); k++) {
                Map<String, Object> trial = TrialSpecs.repeat(trialSpecs.singleTask(task.name(), baseline.config()), k);
                Optional<Baseline> cached = cache.find(trial);
                if (cached.isPresent()) {
                    values.add(cached.get().value());
                    continue;
                }
                String label = "baseline " + task.name() + " seed " + (k + 1);
                jobs.add(job(trial, "stl-" + task.name() + "-seed" + (k + 1), label, TrialJob.Kind.BASELINE, outcome -> {
                    Baseline b = Baseline.of(task, outcome.result(), new java.util.TreeMap<>(), baseline.config());
                    cache.put(trial, b);
                    values.add(b.value());
                }));
            }
        }
        for (Candidate c : candidates) {
            Map<String, List<Double>> perTask = new LinkedHashMap<>();
            tasks.forEach(t -> perTask.put(t.name(), new ArrayList<>()));
            multi.put(c.name(), perTask);
            for (int k = 1; k <= seeds; k++) {
                Map<String, Object> trial = TrialSpecs.repeat(trialSpecs.measuredAgainst(c.spec(), baselines.values()), k);
                String folder = "final-" + c.name().replace(' ', '-') + "-seed" + k;
                jobs.add(job(trial, folder, "finalist " + c.name() + " seed " + k, TrialJob.Kind.REFERENCE, outcome -> {
                    for (BoundTask t : tasks) {
                        perTask.get(t.name()).add(outcome.result().validation().getOrDefault(t.name(), Map.of())
                                .getOrDefault(t.metric(), Double.NaN));
                    }
                }));
            }
        }
        Iterator<TrainerPool.Job> next = jobs.iterator();
        pool.drain(() -> next.hasNext() ? next.next() : null);
        if (pool.isStopping()) {
            return null;
        }
        List<Finalist> finalists = new ArrayList<>();
        for (Candidate c : candidates) {
            Map<String, List<Double>> perTask = multi.get(c.name());
            int runs = perTask.values().iterator().next().size();
            if (runs < 2 || perTask.values().stream().flatMap(List::stream).anyMatch(v -> !Double.isFinite(v))) {
                continue; // a failed repeat leaves this finalist out of the verdict
            }
            List<RepeatedDeltaM.TaskSamples> samples = new ArrayList<>();
            for (BoundTask t : tasks) {
                samples.add(new RepeatedDeltaM.TaskSamples(t.name(), sample(perTask.get(t.name())),
                        sample(stl.get(t.name())), t.higherIsBetter(), scoring.weight(t)));
            }
            finalists.add(new Finalist(c.name(), c.trialNumber(), c.layout(), RepeatedDeltaM.of(samples)));
        }
        double drop = spec.search().maxTaskDrop();
        Optional<Finalist> clean = finalists.stream().filter(f -> !f.reference())
                .filter(f -> f.delta().significantLosses(drop).isEmpty())
                .max(Comparator.comparingDouble(f -> f.delta().percent()));
        Optional<Finalist> best = clean.isPresent() ? clean : finalists.stream().filter(f -> !f.reference())
                .max(Comparator.comparingDouble(f -> f.delta().percent()));
        if (best.isEmpty()) {
            return null;
        }
        return new Verdict(seeds, finalists, best.get(), best.get().delta().significantLosses(drop), drop);
    }

    private static Sample sample(List<Double> values) {
        return new Sample(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The recommendation, the best other trials by Δm (trained ones, distinct), and the two reference layouts. */
    private List<Candidate> candidates(Storage storage, long studyId, Recommendation recommendation,
                                       Map<String, String> referenceLayouts) {
        List<TrialRecord> ranked = storage.trials(studyId, -1, List.of()).stream()
                .filter(t -> t.state() == TrialState.COMPLETE && !t.values().isEmpty()
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
            String layout = (String) Recommender.attr(t, TrialAttributes.LAYOUT);
            @SuppressWarnings("unchecked")
            Map<String, Object> weighting = (Map<String, Object>) Recommender.attr(t, TrialAttributes.WEIGHTING);
            Object activation = Recommender.attr(t, TrialAttributes.ACTIVATION);
            Object dropout = Recommender.attr(t, TrialAttributes.DROPOUT);
            TrainingChoice choice = new TrainingChoice(((Number) Recommender.attr(t, TrialAttributes.LEARNING_RATE)).doubleValue(),
                    activation == null ? null : activation.toString(),
                    dropout == null ? null : ((Number) dropout).doubleValue());
            out.add(new Candidate("trial " + t.number(), (int) t.number(), layout,
                    trialSpecs.stored(SharingLayout.parse(layout), weighting, choice)));
        }
        referenceLayouts.forEach((name, layout) -> out.add(new Candidate(name, -1, layout,
                trialSpecs.stored(SharingLayout.parse(layout), Map.of("method", "ew"), TrainingChoice.baseline(spec)))));
        return out;
    }

    private static double deltaM(TrialRecord t) {
        Object d = Recommender.attr(t, TrialAttributes.DELTA_M);
        return d instanceof Number n ? n.doubleValue() : t.values().get(0);
    }

    private TrainerPool.Job job(Map<String, Object> trial, String folder, String label, TrialJob.Kind kind,
                                java.util.function.Consumer<TrialOutcome> onComplete) {
        listener.jobStarted(SearchListener.JobKind.REFERENCE, label);
        TrialJob job = new TrialJob(trial, spec.baseDirectory(), workDirectory.resolve(folder),
                spec.search().trialTimeLimit(), kind);
        return new TrainerPool.Job(job, outcome -> {
            listener.jobFinished(SearchListener.JobKind.REFERENCE, label, outcome.status().name(), outcome.reason());
            if (outcome.status() == TrialOutcome.Status.COMPLETE) {
                onComplete.accept(outcome);
            }
        });
    }
}
