package io.branchwise.search;

import io.branchwise.json.PlainJson;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.launcher.TrialRun;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.search.spec.Activations;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.Dropout;
import io.branchwise.search.spec.GroupingChoice;
import io.branchwise.search.spec.LearningRate;
import io.branchwise.search.spec.ParameterBudget;
import io.branchwise.search.spec.PrunerChoice;
import io.branchwise.search.spec.SamplerChoice;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SpaceSpec;
import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.json.JsonValue;
import io.branchwise.space.layout.LayoutSpace;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.pruner.HyperbandPruner;
import io.branchwise.space.pruner.MedianPruner;
import io.branchwise.space.pruner.PatientPruner;
import io.branchwise.space.pruner.Pruner;
import io.branchwise.space.pruner.SuccessiveHalvingPruner;
import io.branchwise.space.pruner.ThresholdPruner;
import io.branchwise.space.pruner.vector.NegativeTransfer;
import io.branchwise.space.pruner.vector.NegativeTransferPruner;
import io.branchwise.space.pruner.vector.ParetoAshaPruner;
import io.branchwise.space.sampler.RandomSampler;
import io.branchwise.space.sampler.Sampler;
import io.branchwise.space.sampler.cmaes.CmaEsSampler;
import io.branchwise.space.sampler.nsga.NsgaIIISampler;
import io.branchwise.space.sampler.nsga.NsgaIISampler;
import io.branchwise.space.sampler.qmc.QmcSampler;
import io.branchwise.space.sampler.tpe.TpeSampler;
import io.branchwise.space.study.Trial;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.LossWeightingSpace;
import io.branchwise.trial.TrialSpecWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The search itself: asks the sampler for a layout, a loss weighting and (when searched) a learning rate,
 * activation and dropout, runs each trial in a trainer process, feeds every epoch's per-task vector to the pruner,
 * and tells the study Δm, or each task's metric in a per-task search. A trainer that fails fails its trial, with the
 * reason stored, and the search goes on. A layout over the parameter budget is recorded as infeasible without
 * being trained, and the sampler is asked again.
 */
final class TrialLoop {
    /**
     * Layouts over the budget in a row after which the search stops asking: the sampler keeps proposing what cannot
     * be trained, so the space is mostly too large for the budget. Each costs a few storage writes, no training.
     */
    static final int MAX_INFEASIBLE_IN_A_ROW = 200;
    /**
     * After this many proposals in a row of configurations already trained the search ends: the space holds no
     * other, or the sampler has converged and has nothing new to offer (TPE keeps proposing its best point).
     */
    static final int MAX_DUPLICATES_IN_A_ROW = 20;

    private final SearchSpec spec;
    private final List<BoundTask> tasks;
    private final Scoring scoring;
    private final TrainerPool pool;
    private final TrialSpecs trialSpecs;
    private final Path workDirectory;
    private final SearchListener listener;
    private final LayoutSpace layouts;
    private final LossWeightingSpace weightings;
    private final CategoricalDistribution activations;
    private final ParameterBudget budget;
    private final NegativeTransferPruner negativeTransfer;
    private final StudyMirror mirror;
    private final long started = System.nanoTime();
    /** What each trial's trainer measures its choice of epoch against. */
    private final List<Baseline> baselines;
    private int inFlight;
    private int finishedHere;
    /** Why the loop stopped asking for trials before it had enough; null while it asks. */
    private String gaveUp;
    /** Why the loop ended early with nothing wrong: the space was exhausted; null otherwise. */
    private String exhausted;
    /** The first trial of each configuration trained (or training) in this study, by configuration. */
    private final Map<String, Integer> configurations = new HashMap<>();
    /** Duplicates of trials still training, finished once their original is. */
    private final Map<Integer, List<StudyMirror.Active>> waiting = new HashMap<>();

    /** @param candidates the groupings an affinity run proposed; null unless {@code space.groupings} is auto */
    TrialLoop(SearchSpec spec, List<BoundTask> tasks, SearchStudy study, Scoring scoring, Map<String, Baseline> baselines,
              List<List<List<String>>> candidates, TrainerPool pool, TrialSpecs trialSpecs, Path workDirectory,
              SearchListener listener) {
        this.spec = spec;
        this.tasks = tasks;
        this.scoring = scoring;
        this.baselines = List.copyOf(baselines.values());
        this.pool = pool;
        this.trialSpecs = trialSpecs;
        this.workDirectory = workDirectory;
        this.listener = listener;
        this.layouts = layoutSpace(spec.space(), spec.taskNames(), candidates);
        this.weightings = spec.weightingSpace();
        Activations a = spec.space().activations();
        this.activations = a == null || !a.isSearched() ? null : new CategoricalDistribution(a.names().stream()
                .<JsonValue>map(JsonValue.JsonString::new).toList());
        this.budget = new ParameterBudget(tasks, spec.search().maxParameters());
        this.negativeTransfer = spec.search().pruner().kind() == PrunerChoice.Kind.NEGATIVE_TRANSFER
                ? negativeTransferPruner(spec.search().pruner(), tasks, baselines, spec.training().epochs()) : null;
        this.mirror = StudyMirror.load(study.storage(), study.id(), SearchStudy.directions(spec, tasks), sampler(spec),
                pruner(spec, tasks, negativeTransfer));
        for (var t : mirror.view().trials()) {
            Map<String, String> attrs = t.systemAttrs();
            boolean trained = t.state() == io.branchwise.space.study.TrialState.COMPLETE
                    || t.state() == io.branchwise.space.study.TrialState.PRUNED;
            if (trained && !attrs.containsKey(TrialAttributes.INFEASIBLE) && !attrs.containsKey(TrialAttributes.DUPLICATE_OF)
                    && attrs.containsKey(TrialAttributes.LAYOUT)) {
                configurations.putIfAbsent(configuration(attrs::get), t.number());
            }
        }
    }

    /**
     * A trial's configuration as it is stored (canonical JSON of layout, weighting, learning rate, activation and
     * dropout): two trials with the same one train the same network the same way.
     */
    private static String configuration(java.util.function.Function<String, String> storedAttribute) {
        return String.join("|", java.util.stream.Stream.of(TrialAttributes.LAYOUT, TrialAttributes.WEIGHTING,
                TrialAttributes.LEARNING_RATE, TrialAttributes.ACTIVATION, TrialAttributes.DROPOUT)
                .map(k -> String.valueOf(storedAttribute.apply(k))).toList());
    }

    private static LayoutSpace layoutSpace(SpaceSpec s, List<String> tasks, List<List<List<String>>> candidates) {
        LayoutSpace.Builder b = LayoutSpace.builder(tasks).trunkDepth(s.minTrunkDepth(), s.maxTrunkDepth())
                .branchDepth(s.minBranchDepth(), s.maxBranchDepth()).widths(s.widths()).maxBranches(s.maxBranches());
        if (s.groupings() instanceof GroupingChoice.Listed listed) {
            b.groupings(listed.groupings());
        } else if (s.groupings() instanceof GroupingChoice.Auto) {
            b.groupings(candidates);
        }
        return b.build();
    }

    /**
     * The spec's pruner; null for none. Startup trials are enforced by the loop (nothing is pruned before that many
     * complete), so none are given here.
     */
    static Pruner pruner(SearchSpec spec, List<BoundTask> tasks, NegativeTransferPruner negativeTransfer) {
        PrunerChoice p = spec.search().pruner();
        return switch (p.kind()) {
            case NONE -> null;
            case MEDIAN -> new MedianPruner(p.startupTrials(), p.warmupEpochs(), 1, 1);
            case NEGATIVE_TRANSFER -> negativeTransfer;
            case ASHA -> new SuccessiveHalvingPruner(p.minEpochs(), p.reductionFactor(), 0, 0);
            case HYPERBAND -> new HyperbandPruner(p.minEpochs(), spec.training().epochs(), p.reductionFactor(), 0,
                    spec.name());
            case PATIENT -> new PatientPruner(p.patience(), p.minDelta());
            case THRESHOLD -> new ThresholdPruner(p.lower(), Double.POSITIVE_INFINITY, p.warmupEpochs(), 1);
            case PARETO_ASHA -> ParetoAshaPruner.builder(tasks.stream().map(BoundTask::direction).toList())
                    .minResource(p.minEpochs()).reductionFactor(p.reductionFactor()).build();
        };
    }

    /** Every one reads the study's directions, so each works for a per-task search as for a delta_m one. */
    static Sampler sampler(SearchSpec spec) {
        SamplerChoice choice = spec.search().sampler();
        return switch (choice.kind()) {
            case RANDOM -> new RandomSampler(choice.seed());
            // Constant liar: trials still running count as bad, so parallel trainers do not all get the same idea.
            case TPE -> TpeSampler.builder().seed(choice.seed()).nStartupTrials(choice.startupTrials())
                    .constantLiar(spec.search().parallel() > 1).build();
            case NSGA2 -> NsgaIISampler.builder().seed(choice.seed()).populationSize(choice.populationSize())
                    .crossover(choice.crossover().operator()).build();
            case NSGA3 -> NsgaIIISampler.builder().seed(choice.seed()).populationSize(choice.populationSize())
                    .crossover(choice.crossover().operator()).build();
            case CMAES -> {
                CmaEsSampler.Builder b = CmaEsSampler.builder().seed(choice.seed()).nStartupTrials(choice.startupTrials());
                if (choice.populationSize() > 0) {
                    b.populationSize(choice.populationSize());
                }
                yield b.build();
            }
            case QMC -> QmcSampler.builder().seed(choice.seed()).build();
        };
    }

    private static NegativeTransferPruner negativeTransferPruner(PrunerChoice choice, List<BoundTask> tasks,
                                                                 Map<String, Baseline> baselines, int epochs) {
        NegativeTransferPruner.Builder b = NegativeTransferPruner.builder(tasks.stream().map(BoundTask::direction).toList())
                .epsilon(choice.epsilon()).patience(choice.patience()).warmupSteps(choice.warmupEpochs())
                .finalStep(epochs).settleWindow(Baseline.finalFifth(epochs));
        for (int i = 0; i < tasks.size(); i++) {
            Baseline baseline = baselines.get(tasks.get(i).name());
            b.reference(i, baseline.finiteCurve());
            // Behind means behind by more than the baseline's own seed spread, when repeats measured it.
            double floor = baseline.noiseFloor();
            if (Double.isFinite(floor)) {
                b.tolerance(i, Math.max(choice.epsilon(), floor / 100));
            }
        }
        return b.build();
    }

    void run() throws InterruptedException {
        pool.drain(this::next);
    }

    private TrainerPool.Job next() {
        int refused = 0;
        int repeated = 0;
        while (gaveUp == null && exhausted == null && mirror.counted() + inFlight < spec.search().trials()) {
            Trial trial = mirror.ask();
            SharingLayout layout = layouts.suggest(trial);
            LossWeighting weighting = weightings.suggest(trial);
            TrainingChoice choice = trainingChoice(trial);
            long parameters = budget.count(layout);
            StudyMirror.Active active = store(trial, layout, weighting, choice, parameters);
            String configuration = configuration(key -> PlainJson.write(storedValue(key, layout, weighting, choice)));
            Integer original = budget.fits(parameters) ? configurations.putIfAbsent(configuration, active.number()) : null;
            if (original != null) {
                duplicateOf(active, original, layout);
                if (++repeated >= MAX_DUPLICATES_IN_A_ROW) {
                    exhausted = "the sampler proposed " + repeated + " configurations in a row that were already"
                            + " trained: the space is exhausted or the sampler has converged (" + configurations.size()
                            + " distinct configurations trained)";
                }
                continue;
            }
            if (budget.fits(parameters)) {
                inFlight++;
                listener.jobStarted(SearchListener.JobKind.TRIAL, active.number() + " " + layout);
                TrialJob job = new TrialJob(TrialSpecs.measuredAgainst(trialSpecs.joint(layout, weighting, choice),
                        baselines), workDirectory.resolve("trial-" + active.number()), spec.search().trialTimeLimit(),
                        TrialJob.Kind.TRIAL);
                return new TrainerPool.Job(job, new TrialHandler(active, layout));
            }
            String reason = parameters + " parameters, over search.max_parameters " + budget.max().getAsLong();
            mirror.infeasible(active, reason);
            listener.trialFinished(new SearchListener.TrialSummary(active.number(), "INFEASIBLE", Double.NaN,
                    layout.toString(), reason), progress());
            if (++refused >= MAX_INFEASIBLE_IN_A_ROW) {
                gaveUp = "the sampler proposed " + refused + " layouts in a row over search.max_parameters ("
                        + budget.max().getAsLong() + "); raise it, or narrow space to smaller layouts";
            }
        }
        return null;
    }

    /** What {@link #store} writes under {@code key}, the same objects, so a key built from either matches. */
    private Object storedValue(String key, SharingLayout layout, LossWeighting weighting, TrainingChoice choice) {
        return switch (key) {
            case TrialAttributes.LAYOUT -> layout.toString();
            case TrialAttributes.WEIGHTING -> TrialSpecWriter.weighting(weighting);
            case TrialAttributes.LEARNING_RATE -> choice.learningRate();
            case TrialAttributes.ACTIVATION -> choice.activation() != null ? choice.activation() : spec.training().activation();
            case TrialAttributes.DROPOUT -> choice.dropout() != null ? choice.dropout() : spec.training().dropout();
            default -> throw new IllegalArgumentException(key);
        };
    }

    /** A configuration trained before is not trained again: its trial is finished as the original's copy. */
    private void duplicateOf(StudyMirror.Active active, int original, SharingLayout layout) {
        if (mirror.view().trials().get(original).state().isFinished()) {
            finishDuplicate(active, original, layout.toString());
        } else {
            waiting.computeIfAbsent(original, k -> new ArrayList<>()).add(active);
        }
    }

    private void finishDuplicate(StudyMirror.Active active, int original, String layout) {
        mirror.duplicate(active, original);
        listener.trialFinished(new SearchListener.TrialSummary(active.number(), "DUPLICATE", Double.NaN, layout,
                "the configuration of trial " + original + ", not trained again"), progress());
    }

    /** Creates the stored trial with what it will train (or would have): a person reads these, not the params. */
    private StudyMirror.Active store(Trial trial, SharingLayout layout, LossWeighting weighting, TrainingChoice choice,
                                     long parameters) {
        StudyMirror.Active active = mirror.register(trial);
        for (String key : List.of(TrialAttributes.LAYOUT, TrialAttributes.WEIGHTING, TrialAttributes.LEARNING_RATE,
                TrialAttributes.ACTIVATION, TrialAttributes.DROPOUT)) {
            mirror.attribute(active, key, storedValue(key, layout, weighting, choice));
        }
        mirror.attribute(active, TrialAttributes.PARAMETERS, parameters);
        if (budget.max().isPresent()) {
            mirror.constraints(active, budget.constraints(parameters));
        }
        return active;
    }

    /** The learning rate, activation and dropout of a trial: drawn where the spec gives a range or several choices. */
    private TrainingChoice trainingChoice(Trial trial) {
        LearningRate rate = spec.learningRate();
        double learningRate = rate.isSearched()
                ? trial.suggest(LearningRate.PARAMETER, new FloatDistribution(rate.low(), rate.high(), true, null))
                : rate.baseline();
        Activations a = spec.space().activations();
        String activation = a == null ? null : activations == null ? a.baseline()
                : ((JsonValue.JsonString) activations.toExternal(trial.suggest(Activations.PARAMETER, activations))).value();
        Dropout d = spec.space().dropout();
        Double dropout = d == null ? null : d.isSearched()
                ? trial.suggest(Dropout.PARAMETER, new FloatDistribution(d.low(), d.high(), false, null)) : d.baseline();
        return new TrainingChoice(learningRate, activation, dropout);
    }

    /** Why the loop stopped short of the trials wanted; null when it did not. */
    String exhausted() {
        return exhausted;
    }

    String gaveUp() {
        return gaveUp;
    }

    SearchListener.Progress progress() {
        StudyMirror.Counts c = mirror.counts();
        int remaining = Math.max(0, spec.search().trials() - mirror.counted());
        double elapsed = (System.nanoTime() - started) / 1e9;
        // Trials finished by this run per second of this run already reflects how many run at once.
        double eta = remaining == 0 ? 0.0 : finishedHere == 0 ? Double.NaN : elapsed / finishedHere * remaining;
        return new SearchListener.Progress(spec.search().trials(), c.complete(), c.pruned(), c.failed(),
                c.interrupted(), c.infeasible(), inFlight, c.bestDeltaM(), eta);
    }

    private final class TrialHandler implements TrainerPool.Handler {
        private final StudyMirror.Active active;
        private final SharingLayout layout;
        private final Map<String, Object> curves = new LinkedHashMap<>();
        private String pruneReason;

        TrialHandler(StudyMirror.Active active, SharingLayout layout) {
            this.active = active;
            this.layout = layout;
        }

        @Override
        public void onEpoch(TrialRun run, EpochReport report) {
            List<Double> vector = tasks.stream().map(t -> report.values().getOrDefault(t.name(), Double.NaN)).toList();
            mirror.reportEpoch(active, report.epoch(), vector, scoring.atEpoch(report.epoch(), vector));
            curves.put(Integer.toString(report.epoch()), vector);
            if (pruneReason == null && !pool.isStopping()
                    && mirror.counts().complete() >= spec.search().pruner().startupTrials() && mirror.shouldPrune(active)) {
                pruneReason = explainPrune(report.epoch());
                run.stop("pruned: " + pruneReason);
            }
        }

        @Override
        public void onOutcome(TrialOutcome outcome) {
            inFlight--;
            Map<String, Object> attrs = new LinkedHashMap<>();
            Map<String, Object> taskValues = new LinkedHashMap<>();
            taskValues.put("tasks", spec.taskNames());
            taskValues.put("epochs", curves);
            attrs.put(TrialAttributes.TASK_VALUES, taskValues);
            SearchListener.TrialSummary summary;
            if (pruneReason != null && outcome.status() != TrialOutcome.Status.COMPLETE) {
                attrs.put(TrialAttributes.PRUNED_BECAUSE, pruneReason);
                mirror.prune(active, attrs);
                summary = summary("PRUNED", Double.NaN, pruneReason);
            } else if (outcome.status() == TrialOutcome.Status.COMPLETE) {
                summary = complete(outcome, attrs);
            } else if (outcome.status() == TrialOutcome.Status.STOPPED && pool.isStopping()) {
                String reason = "interrupted: " + outcome.reason();
                mirror.fail(active, reason, true, attrs);
                listener.jobFinished(SearchListener.JobKind.TRIAL, Integer.toString(active.number()), "STOPPED", reason);
                return;
            } else {
                String reason = outcome.reason() + (outcome.path().isEmpty() ? "" : " (at " + outcome.path() + ")");
                mirror.fail(active, reason, false, attrs);
                summary = summary("FAIL", Double.NaN, reason);
            }
            finishedHere++;
            listener.trialFinished(summary, progress());
            for (StudyMirror.Active copy : waiting.getOrDefault(active.number(), List.of())) {
                finishDuplicate(copy, active.number(), layout.toString());
            }
            waiting.remove(active.number());
            if (!"COMPLETE".equals(summary.state()) && !"PRUNED".equals(summary.state())) {
                // A failed training may not fail again (a crash, a limit): the configuration may be proposed anew.
                configurations.values().remove(active.number());
            }
        }

        private SearchListener.TrialSummary complete(TrialOutcome outcome, Map<String, Object> attrs) {
            Comparison c;
            try {
                c = scoring.compare(layout.toString(), outcome.result().validation(), outcome.result().test());
            } catch (IllegalArgumentException e) {
                String reason = "the trial's result cannot be scored: " + e.getMessage();
                attrs.put(TrialAttributes.VALIDATION, outcome.result().validation());
                mirror.fail(active, reason, false, attrs);
                return summary("FAIL", Double.NaN, reason);
            }
            attrs.put(TrialAttributes.VALIDATION, outcome.result().validation());
            attrs.put(TrialAttributes.TEST, outcome.result().test());
            attrs.put(TrialAttributes.BEST_EPOCH, outcome.result().bestEpoch());
            Map<String, Object> deltas = new LinkedHashMap<>();
            c.rows().forEach(r -> deltas.put(r.task(), r.deltaPercent()));
            attrs.put(TrialAttributes.DELTA_PER_TASK, deltas);
            attrs.put(TrialAttributes.NEGATIVE_TRANSFER, c.negativeTransfer());
            if (outcome.result().model() != null) {
                attrs.put(TrialAttributes.MODEL, outcome.result().model().toAbsolutePath().toString());
            }
            List<Double> values = spec.search().perTaskObjectives()
                    ? c.rows().stream().map(TaskRow::value).toList() : List.of(c.deltaM());
            mirror.complete(active, values, c.deltaM(), attrs);
            return summary("COMPLETE", c.deltaM(), "");
        }

        private SearchListener.TrialSummary summary(String state, double deltaM, String reason) {
            return new SearchListener.TrialSummary(active.number(), state, deltaM, layout.toString(), reason);
        }

        private String explainPrune(int epoch) {
            if (negativeTransfer != null) {
                Optional<NegativeTransfer> found = negativeTransfer.diagnose(mirror.view(), active.trial().snapshot());
                if (found.isPresent()) {
                    NegativeTransfer n = found.get();
                    BoundTask t = tasks.get(n.task());
                    return String.format(Locale.ROOT, "negative transfer: task %s trails its single-task baseline by"
                                    + " %.1f%% at epoch %d (%s %.4g vs %.4g), %d epochs in a row", t.name(),
                            100 * n.relativeShortfall(), n.step(), t.metric(), n.value(), n.reference(),
                            n.consecutiveChecks());
                }
            }
            PrunerChoice p = spec.search().pruner();
            return switch (p.kind()) {
                case ASHA, HYPERBAND -> "its Δm at epoch " + epoch + " is not in the best 1/" + p.reductionFactor()
                        + " of the trials that reached that rung (" + p.kind().specName() + ")";
                case PARETO_ASHA -> "its per-task metrics at epoch " + epoch + " are not in the best 1/"
                        + p.reductionFactor() + " of the trials that reached that rung by non-dominated rank";
                case PATIENT -> "its Δm has not improved by " + p.minDelta() + " points for " + p.patience() + " epochs";
                case THRESHOLD -> "its Δm at epoch " + epoch + " is below " + p.lower() + "%";
                default -> "its mean Δ at epoch " + epoch + " is below the median of earlier trials at that epoch";
            };
        }
    }
}
