package io.branchwise.trial;

import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.WeightingMethod;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link TrialSpec}'s JSON form: every field written out, defaults included, so that a trainer in any language
 * reads the whole trial without knowing Branchwise's defaults, and {@link TrialSpecReader#fromMap} reads it back to
 * an equal spec. The form is described by {@code schemas/trial-spec.schema.json}.
 */
public final class TrialSpecWriter {
    private TrialSpecWriter() {
    }

    /** The spec as plain maps and lists, ready for a JSON writer. */
    public static Map<String, Object> write(TrialSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trainer", spec.trainer());
        m.put("seed", spec.seed());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", spec.data().source());
        data.put("options", spec.data().options().asMap());
        m.put("data", data);
        m.put("tasks", spec.tasks().stream().map(TrialSpecWriter::task).toList());
        m.put("layout", spec.layout().toString());
        m.put("weighting", weighting(spec.weighting()));
        m.put("training", training(spec.training()));
        if (!spec.references().isEmpty()) {
            m.put("references", new LinkedHashMap<>(spec.references()));
        }
        return m;
    }

    private static Map<String, Object> task(TaskDefinition t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("type", t.type());
        // One target is written as a string, as people write it and as trainers written before `targets` read it.
        if (t.targets().size() == 1) {
            m.put("target", t.targets().get(0));
        } else {
            m.put("targets", t.targets());
        }
        if (t.metric() != null) {
            m.put("metric", t.metric());
        }
        m.put("weight", t.weight());
        if (!t.options().keys().isEmpty()) {
            m.put("options", t.options().asMap());
        }
        return m;
    }

    /** {@code {method, …hyper-parameters}}, and the normalised {@code weights} of the static method. */
    public static Map<String, Object> weighting(LossWeighting weighting) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", weighting.method().name().toLowerCase(Locale.ROOT));
        m.putAll(weighting.hyperParameters());
        if (weighting.method() == WeightingMethod.STATIC) {
            m.put("weights", new LinkedHashMap<>(weighting.staticWeights()));
        }
        return m;
    }

    private static Map<String, Object> training(TrainingOptions t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", t.epochs());
        m.put("batch_size", t.batchSize());
        m.put("learning_rate", t.learningRate());
        m.put("optimizer", t.optimizer().name().toLowerCase(Locale.ROOT));
        m.put("activation", t.activation());
        m.put("dropout", t.dropout());
        m.put("batch_norm", t.batchNorm());
        m.put("affinity_every", t.affinityEvery());
        m.put("seed", t.seed());
        m.put("patience", t.patience());
        if (!t.extra().keys().isEmpty()) {
            m.put("extra", t.extra().asMap());
        }
        return m;
    }
}
