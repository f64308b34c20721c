package io.branchwise.search;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.space.layout.Block;
import io.branchwise.storage.h2.H2Storage;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A baseline the epoch budget cut short (still improving at its last epoch) is named, in the baselines and in the
 * recommendation's note; a converged one, or one that peaked before the end, is not.
 */
@Timeout(120)
class TrainingBudgetTest {
    @TempDir
    Path dir;

    private static Baseline run(boolean higherIsBetter, int seeds, double noiseFloor, double... curve) {
        TreeMap<Long, Double> c = new TreeMap<>();
        for (int i = 0; i < curve.length; i++) {
            c.put((long) i + 1, curve[i]);
        }
        String metric = higherIsBetter ? "accuracy" : "rmse";
        double last = curve.length == 0 ? Double.NaN : curve[curve.length - 1];
        return new Baseline("t", metric, higherIsBetter, Map.of(metric, last), Map.of(metric, last), c,
                new BaselineDesign.Config(Block.of(1, 8), 0.001), 1, seeds, noiseFloor);
    }

    @Test
    void aCurveStillFallingAtItsLastEpochWasCutShort() {
        assertThat(run(false, 1, Double.NaN, 1.0, 0.8, 0.7, 0.65, 0.62).stillImproving()).isTrue();
        assertThat(run(true, 1, Double.NaN, 0.5, 0.7, 0.8).stillImproving()).isTrue();
    }

    @Test
    void aCurveThatPeakedBeforeTheEndOrLevelledOffWasNot() {
        assertThat(run(false, 1, Double.NaN, 1.0, 0.6, 0.62, 0.64).stillImproving()).as("peaked at epoch 2").isFalse();
        assertThat(run(true, 1, Double.NaN, 0.5, 0.8, 0.7).stillImproving()).as("peaked at epoch 2").isFalse();
        assertThat(run(false, 1, Double.NaN, 1.0, 0.7, 0.7).stillImproving()).as("flat over the last fifth").isFalse();
        assertThat(run(false, 1, Double.NaN, 0.7).stillImproving()).as("one epoch").isFalse();
        assertThat(run(false, 1, Double.NaN, 1.0, 0.8, Double.NaN).stillImproving()).as("diverged").isFalse();
        assertThat(run(false, 1, Double.NaN, 1.0, 0.8, 0.70, 0.6965).stillImproving()).as("0.5%: under the 1% floor")
                .isFalse();
    }

    @Test
    void anEpochWithoutAValueIsSkippedNotMistakenForTheWindowsStart() {
        // 4 epochs: the window is the last one, epoch 3 has no value, so the gain is measured from epoch 2.
        assertThat(run(false, 1, Double.NaN, 1.0, 0.8, Double.NaN, 0.6).stillImproving()).isTrue();
    }

    @Test
    void theMeanOfRepeatsIsTakenOverTheEpochsEveryRunReached() {
        Baseline chosen = run(false, 1, Double.NaN, 1.0, 0.9);
        Baseline stopped = run(false, 1, Double.NaN, 1.0, 0.9); // early-stopped after epoch 2
        Baseline longer = run(false, 1, Double.NaN, 0.8, 0.7, 0.2);
        Baseline mean = chosen.meanOf(List.of(stopped, longer));
        assertThat(mean.curve()).containsOnlyKeys(1L, 2L);
        assertThat(mean.curve().get(2L)).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(mean.seeds()).isEqualTo(2);
    }

    @Test
    void aMeanOfRepeatsMustGainMoreThanItsStandardErrorOverTheLastFifth() {
        // 10 epochs: the window is the last 2. A spread of 6% over 3 runs is a standard error of 6/√3 = 3.46%.
        double[] within = {1.0, 0.9, 0.8, 0.7, 0.6, 0.55, 0.53, 0.51, 0.505, 0.50}; // 0.51 → 0.50: 2% of 0.50
        double[] beyond = {1.0, 0.9, 0.8, 0.7, 0.6, 0.57, 0.55, 0.53, 0.515, 0.50}; // 0.53 → 0.50: 6% of 0.50
        assertThat(run(false, 3, 6.0, within).stillImproving()).isFalse();
        assertThat(run(false, 3, 6.0, beyond).stillImproving()).isTrue();
        assertThat(run(false, 1, Double.NaN, within).stillImproving()).as("one run: beyond the 1% floor").isTrue();
    }

    @Test
    void theSearchNamesBaselinesStillImprovingInItsRecommendationAndNotConvergedOnes() throws Exception {
        SearchResult cut = search("cut", new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), false));
        assertThat(cut.baselines()).allSatisfy(b -> assertThat(b.stillImproving()).isTrue());
        assertThat(cut.recommendation().note())
                .contains("every task's baseline still improved at the last of the 4 epochs")
                .contains("raise training.epochs");
        assertThat(cut.toMap().get("baselines")).asList()
                .allSatisfy(b -> assertThat(((Map<?, ?>) b).get("still_improving")).isEqualTo(true));

        SearchResult settled = search("settled",
                new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), false).settledAt(2));
        assertThat(settled.baselines()).noneSatisfy(b -> assertThat(b.stillImproving()).isTrue());
        assertThat(settled.recommendation().note()).doesNotContain("still improved");

        SearchResult some = search("some", new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), false)
                .settledAt(2, java.util.Set.of("a", "c")));
        assertThat(some.baselines()).filteredOn(Baseline::stillImproving).extracting(Baseline::task)
                .containsExactly("b", "d");
        assertThat(some.recommendation().note()).contains("the baselines of b, d still improved at the last of the 4");
    }

    private SearchResult search(String name, PlantedModelLauncher launcher) throws Exception {
        String yaml = PlantedModelLauncher.fourTasks(name, 1) + """
                space: {trunk_depth: 0, branch_depth: 1, widths: [4], groupings: [[[a, b], [c, d]]]}
                training: {epochs: 4}
                search: {trials: 1, sampler: random, pruner: none, seeds: 1, baseline: {depth: 1, width: 4}}
                """;
        SearchSpec spec = SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
        try (H2Storage storage = H2Storage.open(dir.resolve(name))) {
            return new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage, launcher,
                    dir.resolve("work-" + name), false, SearchListener.NONE).run();
        }
    }
}
