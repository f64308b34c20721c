package io.branchwise.search;

import io.branchwise.search.spec.SearchSpec;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.WeightingMethod;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cuts trial specs (what a trainer process reads with {@link io.branchwise.trial.TrialSpecReader}) out of a search
 * spec: the data, tasks and training budget as the user wrote them, plus the layout, weighting and training choices
 * of one trial. Reusing the user's own text means a trainer sees exactly the options the search was given; an
 * activation or dropout is only added when {@code space:} decides it, so specs without them cut the same trial specs
 * as before (and find the same cached baselines).
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
    Map<String, Object> singleTask(String task, BaselineDesign.Config config) {
        SharingLayout layout = SharingLayout.hardSharing(config.block(), List.of(task));
        TrainingChoice baseline = TrainingChoice.baseline(spec);
        Map<String, Object> trial = trial(List.of(task), layout, Map.of("method", "ew"),
                new TrainingChoice(config.learningRate(), baseline.activation(), baseline.dropout()), 0);
        training(trial).put("seed", initialisationSeed(spec.training().seed(), spec.taskNames().indexOf(task)));
        return trial;
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
    Map<String, Object> linear(String task) {
        Map<String, Object> trial = singleTask(task, linearConfig());
        training(trial).put("epochs", Math.max(spec.training().epochs(), LINEAR_MIN_EPOCHS));
        return trial;
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> training(Map<String, Object> trial) {
        return (Map<String, Object>) trial.get("training");
    }

    /** Every task on {@code layout}, trained with {@code weighting} and {@code choice}. */
    Map<String, Object> joint(SharingLayout layout, LossWeighting weighting, TrainingChoice choice, int affinityEvery) {
        return trial(spec.taskNames(), layout, weighting(weighting), choice, affinityEvery);
    }

    /** The affinity run: every task on {@code layout}, equal weights, {@code search.affinity_epochs} long. */
    Map<String, Object> affinity(SharingLayout layout) {
        Map<String, Object> trial = trial(spec.taskNames(), layout, Map.of("method", "ew"),
                TrainingChoice.baseline(spec), spec.search().affinityEvery());
        training(trial).put("epochs", spec.search().affinityEpochs());
        return trial;
    }

    /**
     * The same trial, its trainer told each task's single-task baseline value, so that the epoch it keeps is the one
     * with the best Δm against them (not a last-epoch model, nor one chosen by another yardstick than the search's).
     */
    Map<String, Object> measuredAgainst(Map<String, Object> trial, java.util.Collection<Baseline> baselines) {
        Map<String, Object> references = new LinkedHashMap<>();
        for (Baseline b : baselines) {
            if (Double.isFinite(b.value())) {
                references.put(b.task(), b.value());
            }
        }
        if (!references.isEmpty()) {
            trial.put("references", references);
        }
        return trial;
    }

    /**
     * The same trial with the {@code k}-th repeat's initialisation and batch order (k ≥ 1): a seed derived from the
     * trial's own, far from it and from the other repeats'. The data and its split stay the study's.
     */
    static Map<String, Object> repeat(Map<String, Object> trial, int k) {
        Map<String, Object> copy = new LinkedHashMap<>(trial);
        Map<String, Object> training = new LinkedHashMap<>(training(trial));
        Object seed = training.getOrDefault("seed", trial.get("seed"));
        long base = seed instanceof Number n ? n.longValue() : 0L;
        training.put("seed", initialisationSeed(base ^ 0x5EEDL, 1000 + k));
        copy.put("training", training);
        return copy;
    }

    /** A stored trial's configuration as a trial spec: layout, weighting (as stored) and training choices. */
    Map<String, Object> stored(TrialConfiguration c) {
        return trial(spec.taskNames(), SharingLayout.parse(c.layout()), c.weighting(), c.choice(), 0);
    }

    static Map<String, Object> weighting(LossWeighting weighting) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("method", weighting.method().name().toLowerCase(Locale.ROOT));
        w.putAll(weighting.hyperParameters());
        if (weighting.method() == WeightingMethod.STATIC) {
            w.put("weights", new LinkedHashMap<>(weighting.staticWeights()));
        }
        return w;
    }

    private Map<String, Object> trial(List<String> tasks, SharingLayout layout, Map<String, Object> weighting,
                                     TrainingChoice choice, int affinityEvery) {
        Map<String, Object> trial = new LinkedHashMap<>();
        trial.put("trainer", spec.trainer());
        trial.put("seed", spec.seed());
        trial.put("data", spec.raw().get("data"));
        trial.put("tasks", ((List<?>) spec.raw().get("tasks")).stream()
                .filter(t -> tasks.contains(String.valueOf(((Map<?, ?>) t).get("name")))).toList());
        trial.put("layout", layout.toString());
        trial.put("weighting", weighting);
        Map<String, Object> training = new LinkedHashMap<>();
        if (spec.raw().get("training") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> training.put(String.valueOf(k), v));
        }
        training.put("learning_rate", choice.learningRate());
        if (choice.activation() != null) {
            training.put("activation", choice.activation());
        }
        if (choice.dropout() != null) {
            training.put("dropout", choice.dropout());
        }
        training.put("affinity_every", affinityEvery);
        trial.put("training", training);
        return trial;
    }
}
