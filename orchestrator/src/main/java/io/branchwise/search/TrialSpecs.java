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
 * Cuts trial specs (what a trainer process reads with {@link io.branchwise.train.TrialSpecReader}) out of a search
 * spec: the data, tasks and training budget as the user wrote them, plus the layout, weighting and learning rate
 * of one trial. Reusing the user's own text means a trainer sees exactly the options the search was given.
 */
final class TrialSpecs {
    private final SearchSpec spec;

    TrialSpecs(SearchSpec spec) {
        this.spec = spec;
    }

    /** One task alone, on the baseline block: its single-task baseline. */
    Map<String, Object> singleTask(String task) {
        SharingLayout layout = SharingLayout.hardSharing(spec.search().baseline(), List.of(task));
        return trial(List.of(task), layout, Map.of("method", "ew"), spec.learningRate().baseline(), 0);
    }

    /** Every task on {@code layout}, trained with {@code weighting} at {@code learningRate}. */
    Map<String, Object> joint(SharingLayout layout, LossWeighting weighting, double learningRate, int affinityEvery) {
        return trial(spec.taskNames(), layout, weighting(weighting), learningRate, affinityEvery);
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
                                     double learningRate, int affinityEvery) {
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
        training.put("learning_rate", learningRate);
        training.put("affinity_every", affinityEvery);
        trial.put("training", training);
        return trial;
    }
}
