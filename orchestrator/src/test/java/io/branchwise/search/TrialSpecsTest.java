package io.branchwise.search;

import io.branchwise.search.spec.SearchSpec;
import io.branchwise.space.layout.SharingLayout;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrialSpecsTest {
    private final SearchSpec spec = SearchRunnerTest.spec("seeds", "auto", 3, "none", "");
    private final TrialSpecs specs = new TrialSpecs(spec);

    @SuppressWarnings("unchecked")
    private static Object training(Map<String, Object> trial, String key) {
        return ((Map<String, Object>) trial.get("training")).get(key);
    }

    @Test
    void eachBaselineStartsFromItsOwnInitialisationOnTheSearchsData() {
        Object a = training(specs.singleTask("a"), "seed");
        Object b = training(specs.singleTask("b"), "seed");
        Object c = training(specs.singleTask("c"), "seed");
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c).isNotEqualTo(spec.seed());
        assertThat(b).isNotEqualTo(c);
        assertThat(training(specs.singleTask("a"), "seed")).as("the same every time, so baselines stay cacheable").isEqualTo(a);
        assertThat(specs.singleTask("a").get("seed")).as("the data's seed").isEqualTo(spec.seed());
    }

    @Test
    void theAffinityRunIsAffinityEpochsLongAndMeasuresAffinity() {
        Map<String, Object> trial = specs.affinity(SharingLayout.parse("1x8[a,b,c]"));
        assertThat(training(trial, "epochs")).isEqualTo(3);
        assertThat(training(trial, "affinity_every")).isEqualTo(5);
        assertThat(trial.get("weighting")).isEqualTo(Map.of("method", "ew"));
    }
}
