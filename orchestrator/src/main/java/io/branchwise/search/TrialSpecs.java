package io.branchwise.search;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.trial.TrialSpec;
import io.branchwise.trial.TrialSpecReader;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts {@link TrialSpec}s out of a search spec: its data, tasks and training budget, plus the layout, weighting and
 * training choices of one trial. The training budget is the spec's own ({@code training:} with its defaults), so a
 * trainer sees exactly the options the search was given.
 */
final class TrialSpecs {
    private final SearchSpec spec;

    TrialSpecs(SearchSpec spec) {
        this.spec = spec;
    }

    /**
     * One task alone on {@code config}: a candidate for its single-task baseline. Each task's network starts from its
     * own initialisation. With the search's one seed every baseline would start from the same weights, and that
     * draw's luck, good or bad, would move every task's Δ and so every trial's Δm the same way; drawn per task, it
     * averages out of Δm. The data stay those of the search's seed.
     */
    TrialSpec singleTask(String task, BaselineDesign.Config config) {
        SharingLayout layout = SharingLayout.hardSharing(config.block(), List.of(task));
        TrainingChoice baseline = TrainingChoice.baseline(spec);
        TrialSpec trial = trial(List.of(task), layout, EQUAL,
                new TrainingChoice(config.learningRate(), baseline.activation(), baseline.dropout()), 0);
        return trial.withTraining(trial.training()
                .withSeed(initialisationSeed(spec.training().seed(), spec.taskNames().indexOf(task))));
    }

    /**
     * Epochs a linear floor trains at least. A floor must be fitted, not merely started: on a short budget (a smoke
     * test's 3 epochs) a linear model stops far from its optimum, worse than predicting the mean, and says nothing.
     * It is convex and cheap (no hidden layer), and early stopping ends it once it stops improving.
     */
    static final int LINEAR_MIN_EPOCHS = 30;

    /**
     * One task alone with no hidden layer (its head on the input: a linear or logistic regression) on the
     * baseline's learning rate, trained to convergence ({@link #LINEAR_MIN_EPOCHS}): the floor a network must beat
     * to be worth its layers.
     */
    TrialSpec linear(String task) {
        TrialSpec trial = singleTask(task, linearConfig());
        return trial.withTraining(trial.training().withEpochs(Math.max(spec.training().epochs(), LINEAR_MIN_EPOCHS)));
    }

    BaselineDesign.Config linearConfig() {
        return new BaselineDesign.Config(io.branchwise.space.layout.Block.IDENTITY, spec.learningRate().baseline());
    }

    /** A seed per task, far from the search's own and from each other's (SplitMix64's finaliser). */
    static long initialisationSeed(long seed, int taskIndex) {
        long z = seed + 0x9E3779B97F4A7C15L * (taskIndex + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Every task on {@code layout}, trained with {@code weighting} and {@code choice}. */
    TrialSpec joint(SharingLayout layout, LossWeighting weighting, TrainingChoice choice) {
        return trial(spec.taskNames(), layout, weighting, choice, 0);
    }

    /** A reference layout (hard sharing, task-specific): every task on it, equal weights, the baselines' choices. */
    TrialSpec reference(SharingLayout layout) {
        return trial(spec.taskNames(), layout, EQUAL, TrainingChoice.baseline(spec), 0);
    }

    /** The affinity run: every task on {@code layout}, equal weights, {@code search.affinity_epochs} long. */
    TrialSpec affinity(SharingLayout layout) {
        TrialSpec trial = trial(spec.taskNames(), layout, EQUAL, TrainingChoice.baseline(spec),
                spec.search().affinityEvery());
        return trial.withTraining(trial.training().withEpochs(spec.search().affinityEpochs()));
    }

    /**
     * The same trial, its trainer told each task's single-task baseline value, so that the epoch it keeps is the one
     * with the best Δm against them (not a last-epoch model, nor one chosen by another yardstick than the search's).
     */
    static TrialSpec measuredAgainst(TrialSpec trial, Collection<Baseline> baselines) {
        Map<String, Double> references = new LinkedHashMap<>();
        for (Baseline b : baselines) {
            if (Double.isFinite(b.value()) && trial.taskNames().contains(b.task())) {
                references.put(b.task(), b.value());
            }
        }
        return trial.withReferences(references);
    }

    /**
     * The same trial with the {@code k}-th repeat's initialisation and batch order (k ≥ 1): a seed derived from the
     * trial's own, far from it and from the other repeats'. The data and its split stay the study's.
     */
    static TrialSpec repeat(TrialSpec trial, int k) {
        return trial.withTraining(trial.training()
                .withSeed(initialisationSeed(trial.training().seed() ^ 0x5EEDL, 1000 + k)));
    }

    /** A stored trial's configuration as a trial spec: layout, weighting (read from its stored form) and choices. */
    TrialSpec stored(TrialConfiguration c) {
        LossWeighting weighting = TrialSpecReader.weighting(Options.of("weighting", c.weighting()), spec.taskNames());
        return trial(spec.taskNames(), SharingLayout.parse(c.layout()), weighting, c.choice(), 0);
    }

    private static final LossWeighting EQUAL = new LossWeighting(WeightingMethod.EW, Map.of(), Map.of());

    private TrialSpec trial(List<String> tasks, SharingLayout layout, LossWeighting weighting, TrainingChoice choice,
                            int affinityEvery) {
        TrainingOptions training = spec.training().withLearningRate(choice.learningRate()).withAffinityEvery(affinityEvery);
        if (choice.activation() != null) {
            training = training.withActivation(choice.activation());
        }
        if (choice.dropout() != null) {
            training = training.withDropout(choice.dropout());
        }
        return new TrialSpec(spec.trainer(), spec.data(), spec.seed(), spec.baseDirectory(),
                spec.tasks().stream().filter(t -> tasks.contains(t.name())).toList(), layout, weighting, training,
                Map.of());
    }
}
