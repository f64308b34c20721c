package io.branchwise.search;

import io.branchwise.search.spec.SearchSpec;
import io.branchwise.space.layout.SharingLayout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrialSpecsTest {
    private final SearchSpec spec = SearchRunnerTest.spec("seeds", "auto", 3, "none", "");
    private final TrialSpecs specs = new TrialSpecs(spec);

    @SuppressWarnings("unchecked")
    private static Object training(Map<String, Object> trial, String key) {
        return ((Map<String, Object>) trial.get("training")).get(key);
    }

    private final BaselineDesign.Config fixed = BaselineDesign.of(spec).get(0);

    @Test
    void eachBaselineStartsFromItsOwnInitialisationOnTheSearchsData() {
        Object a = training(specs.singleTask("a", fixed), "seed");
        Object b = training(specs.singleTask("b", fixed), "seed");
        Object c = training(specs.singleTask("c", fixed), "seed");
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c).isNotEqualTo(spec.seed());
        assertThat(b).isNotEqualTo(c);
        assertThat(training(specs.singleTask("a", fixed), "seed")).as("the same every time, so baselines stay cacheable").isEqualTo(a);
        assertThat(specs.singleTask("a", fixed).get("seed")).as("the data's seed").isEqualTo(spec.seed());
    }

    @Test
    void theLinearFloorTrainsToConvergenceWhateverTheBudget() {
        Map<String, Object> linear = specs.linear("a");
        assertThat(linear.get("layout")).isEqualTo("0x0[a]");
        assertThat(training(linear, "epochs")).as("at least LINEAR_MIN_EPOCHS, early stopping ends it")
                .isEqualTo(Math.max(spec.training().epochs(), TrialSpecs.LINEAR_MIN_EPOCHS));
    }

    @Test
    void theAffinityRunIsAffinityEpochsLongAndMeasuresAffinity() {
        Map<String, Object> trial = specs.affinity(SharingLayout.parse("1x8[a,b,c]"));
        assertThat(training(trial, "epochs")).isEqualTo(3);
        assertThat(training(trial, "affinity_every")).isEqualTo(5);
        assertThat(trial.get("weighting")).isEqualTo(Map.of("method", "ew"));
    }

    @Test
    void aTrialIsToldTheBaselinesItsEpochIsChosenAgainst() {
        Map<String, Object> trial = specs.joint(SharingLayout.parse("1x8[a,b,c]"),
                new io.branchwise.space.weighting.LossWeighting(io.branchwise.space.weighting.WeightingMethod.EW,
                        Map.of(), Map.of()), TrainingChoice.baseline(spec), 0);
        java.util.TreeMap<Long, Double> curve = new java.util.TreeMap<>(Map.of(1L, 0.4));
        specs.measuredAgainst(trial, List.of(
                new Baseline("a", "rmse", false, Map.of("rmse", 0.4), Map.of(), curve, fixed, 1, 1, Double.NaN),
                new Baseline("b", "rmse", false, Map.of("rmse", Double.NaN), Map.of(), curve, fixed, 1, 1, Double.NaN)));
        assertThat(trial.get("references")).isEqualTo(Map.of("a", 0.4));
        // What the trainer reads back.
        assertThat(io.branchwise.trial.TrialSpecReader.fromMap(trial, java.nio.file.Path.of(".")).references())
                .isEqualTo(Map.of("a", 0.4));
    }
}
