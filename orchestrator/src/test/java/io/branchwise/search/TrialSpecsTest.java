package io.branchwise.search;

import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.trial.TrialSpec;
import io.branchwise.trial.TrialSpecReader;
import io.branchwise.trial.TrialSpecWriter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class TrialSpecsTest {
    private final SearchSpec spec = SearchRunnerTest.spec("seeds", "auto", 3, "none", "");
    private final TrialSpecs specs = new TrialSpecs(spec);
    private final BaselineDesign.Config fixed = BaselineDesign.of(spec).get(0);

    @Test
    void eachBaselineStartsFromItsOwnInitialisationOnTheSearchsData() {
        long a = specs.singleTask("a", fixed).training().seed();
        long b = specs.singleTask("b", fixed).training().seed();
        long c = specs.singleTask("c", fixed).training().seed();
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c).isNotEqualTo(spec.seed());
        assertThat(b).isNotEqualTo(c);
        assertThat(specs.singleTask("a", fixed)).as("the same every time, so baselines stay cacheable")
                .isEqualTo(specs.singleTask("a", fixed));
        assertThat(specs.singleTask("a", fixed).seed()).as("the data's seed").isEqualTo(spec.seed());
        assertThat(specs.singleTask("a", fixed).taskNames()).containsExactly("a");
    }

    @Test
    void theLinearFloorTrainsToConvergenceWhateverTheBudget() {
        TrialSpec linear = specs.linear("a");
        assertThat(linear.layout().toString()).isEqualTo("0x0[a]");
        assertThat(linear.training().epochs()).as("at least LINEAR_MIN_EPOCHS, early stopping ends it")
                .isEqualTo(Math.max(spec.training().epochs(), TrialSpecs.LINEAR_MIN_EPOCHS));
    }

    @Test
    void theAffinityRunIsAffinityEpochsLongAndMeasuresAffinity() {
        TrialSpec trial = specs.affinity(SharingLayout.parse("1x8[a,b,c]"));
        assertThat(trial.training().epochs()).isEqualTo(3);
        assertThat(trial.training().affinityEvery()).isEqualTo(5);
        assertThat(trial.weighting().method()).isEqualTo(WeightingMethod.EW);
    }

    @Test
    void everyTrainingOptionTheUserWroteReachesEveryKindOfTrial() {
        String yaml = SearchRunnerTest.SPEC.replace("NAME", "budget").replace("GROUPINGS", "auto").replace("TRIALS", "3")
                .replace("PRUNER", "none").replace("EXTRA", "")
                .replace("training: {epochs: 4,", "training: {epochs: 4, patience: 2, optimizer: sgd, batch_size: 16,"
                        + " batch_norm: true, seed: 77, activation: tanh, dropout: 0.2,");
        SearchSpec budget = SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
        TrialSpecs cut = new TrialSpecs(budget);
        BaselineDesign.Config config = BaselineDesign.of(budget).get(0);
        List<TrialSpec> trials = List.of(cut.singleTask("a", config), cut.linear("a"),
                cut.affinity(SharingLayout.parse("1x8[a,b,c]")), cut.reference(SharingLayout.parse("1x8[a,b,c]")),
                cut.joint(SharingLayout.parse("1x8[a,b,c]"), new LossWeighting(WeightingMethod.EW, Map.of(), Map.of()),
                        new TrainingChoice(0.005, null, null)));
        for (TrialSpec t : trials) {
            assertThat(t.training().patience()).as(t.layout().toString()).isEqualTo(2);
            assertThat(t.training().optimizer()).isEqualTo(TrainingOptions.Optimizer.SGD);
            assertThat(t.training().batchSize()).isEqualTo(16);
            assertThat(t.training().batchNorm()).isTrue();
            assertThat(t.training().activation()).isEqualTo("tanh");
            assertThat(t.training().dropout()).isEqualTo(0.2);
            assertThat(t.training().extra().asMap()).containsEntry("behaviour", "layout");
        }
        assertThat(trials.get(4).training().seed()).as("a joint trial: the user's training seed").isEqualTo(77);
        assertThat(trials.get(0).training().seed()).as("a baseline: its own, derived from the user's")
                .isEqualTo(TrialSpecs.initialisationSeed(77, 0));
    }

    @Test
    void aTrialKeepsTheSpecsTrainingBudgetAndTakesItsOwnChoices() {
        TrialSpec trial = specs.joint(SharingLayout.parse("1x8[a,b,c]"),
                new LossWeighting(WeightingMethod.DWA, Map.of("temperature", 3.0), Map.of()),
                new TrainingChoice(0.02, "tanh", 0.25));
        assertThat(trial.training().learningRate()).isEqualTo(0.02);
        assertThat(trial.training().activation()).isEqualTo("tanh");
        assertThat(trial.training().dropout()).isEqualTo(0.25);
        assertThat(trial.training().affinityEvery()).as("only the affinity run measures affinity").isZero();
        assertThat(trial.training().withLearningRate(spec.training().learningRate()).withActivation(spec.training().activation())
                .withDropout(spec.training().dropout())).as("everything else is the spec's budget")
                .isEqualTo(spec.training());
        assertThat(TrialSpecs.repeat(trial, 1).training().seed()).isNotEqualTo(trial.training().seed())
                .isNotEqualTo(TrialSpecs.repeat(trial, 2).training().seed());
    }

    @Test
    void aTrialIsToldTheBaselinesItsEpochIsChosenAgainst() {
        TrialSpec trial = specs.joint(SharingLayout.parse("1x8[a,b,c]"),
                new LossWeighting(WeightingMethod.EW, Map.of(), Map.of()), TrainingChoice.baseline(spec));
        TreeMap<Long, Double> curve = new TreeMap<>(Map.of(1L, 0.4));
        TrialSpec told = TrialSpecs.measuredAgainst(trial, List.of(
                new Baseline("a", "rmse", false, Map.of("rmse", 0.4), Map.of(), curve, fixed, 1, 1, Double.NaN),
                new Baseline("b", "rmse", false, Map.of("rmse", Double.NaN), Map.of(), curve, fixed, 1, 1, Double.NaN)));
        assertThat(told.references()).isEqualTo(Map.of("a", 0.4));
        // What the trainer reads back.
        assertThat(TrialSpecReader.fromMap(TrialSpecWriter.write(told), spec.baseDirectory()).references())
                .isEqualTo(Map.of("a", 0.4));
    }

    @Test
    void aStoredTrialIsTrainedAgainWithItsStoredWeighting() {
        LossWeighting weighting = new LossWeighting(WeightingMethod.STATIC, Map.of(),
                Map.of("a", 0.5, "b", 0.25, "c", 0.25));
        TrialConfiguration stored = new TrialConfiguration("1x8[a,b,c]", TrialSpecWriter.weighting(weighting),
                new TrainingChoice(0.01, null, null));
        TrialSpec again = specs.stored(stored);
        assertThat(again.weighting()).isEqualTo(weighting);
        assertThat(again.layout()).isEqualTo(SharingLayout.parse("1x8[a,b,c]"));
        assertThat(again.training().learningRate()).isEqualTo(0.01);
    }
}
