package io.branchwise.search;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.json.PlainJson;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.h2.H2Storage;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No task left behind: the only layout the space allows shares d with three strangers, so on repeats d loses
 * significantly; the search repairs the layout by giving d a branch of its own, trains the repair on the same seeds,
 * stores it as a trial and recommends it.
 */
@Timeout(120)
class LayoutRepairTest {
    @TempDir
    Path dir;

    @Test
    void aTaskThatLosesSignificantlyGetsItsOwnBranchAndTheRepairIsRecommended() throws Exception {
        String yaml = PlantedModelLauncher.fourTasks("repair", 3) + """
                space: {trunk_depth: 0, branch_depth: 1, widths: [4], groupings: [[[a, b, c, d]]]}
                training: {epochs: 3}
                search: {trials: 1, parallel: 2, sampler: random, pruner: none, seeds: 3, finalists: 1,
                         baseline: {depth: 1, width: 4}}
                """;
        SearchSpec spec = SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
        // a, b and c are friends; d is a stranger to all three (each stranger adds 20% to its error).
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b", "c"), List.of("d")), false, 0.02);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage,
                    launcher, dir.resolve("work"), false, SearchListener.NONE).run();
            FinalRound.Verdict v = result.verdict();
            FinalRound.Finalist original = v.finalists().stream().filter(f -> f.name().equals("trial 0")).findFirst()
                    .orElseThrow();
            assertThat(original.layout()).isEqualTo("0x0[1x4[a,b,c,d]]");
            assertThat(original.delta().significantLosses(v.maxTaskDrop())).containsExactly("d");

            assertThat(v.chosen().name()).isEqualTo("repair d alone");
            assertThat(v.chosen().layout()).isEqualTo("0x0[1x4[a,b,c],1x4[d]]");
            assertThat(v.chosen().delta().significantLosses(v.maxTaskDrop())).isEmpty();
            assertThat(v.chosen().delta().low()).isPositive();
            assertThat(v.trainAlone()).isEmpty();
            assertThat(launcher.specs.keySet().stream().filter(k -> k.startsWith("final-repair-d-alone-seed")))
                    .as("the repair is trained on as many fresh seeds as the finalists").hasSize(3);

            // Stored as a complete trial of the study, with no sampled parameters, and recommended.
            TrialRecord repair = storage.trials(result.studyId(), -1, List.of()).stream()
                    .filter(t -> t.number() == v.chosen().trialNumber()).findFirst().orElseThrow();
            assertThat(repair.state()).isEqualTo(TrialState.COMPLETE);
            assertThat(repair.params()).isEmpty();
            assertThat(PlainJson.read(repair.systemAttributes().get(TrialAttributes.REPAIR_OF)))
                    .isEqualTo(Map.of("trial", 0L, "change", "d alone"));
            assertThat(PlainJson.read(repair.systemAttributes().get(TrialAttributes.LAYOUT)))
                    .isEqualTo("0x0[1x4[a,b,c],1x4[d]]");
            assertThat(result.recommendation().trialNumber()).isEqualTo(repair.number());
            assertThat(result.recommendation().layout()).isEqualTo("0x0[1x4[a,b,c],1x4[d]]");
            assertThat(result.recommendation().note()).contains("repair d alone");

            // Resumed with the same budget, the search trains nothing more: the repair is not one of its trials.
            SearchResult resumed = new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage,
                    launcher, dir.resolve("work"), true, SearchListener.NONE).run();
            assertThat(resumed.progress().complete()).isEqualTo(1);
            assertThat(resumed.progress().finished()).isEqualTo(1);
        }
    }

    @Test
    void aLosingTaskIsMovedBesideTheGroupItHasTheMostAffinityWith() {
        var z = new io.branchwise.space.grouping.AffinityMatrix(List.of("a", "b", "c", "d", "e"), new double[][]{
                {0, 0.1, 0.1, -0.2, 0.5},
                {0.1, 0, 0.3, 0.0, 0.0},
                {0.1, 0.3, 0, 0.0, 0.0},
                {-0.2, 0.0, 0.0, 0, 0.4},
                {0.3, 0.0, 0.0, 0.4, 0}});
        var layout = io.branchwise.space.layout.SharingLayout.parse("1x8[1x8[a,b,c],1x8[d,e]]");
        // a with {d, e}: mean of (−0.2, (0.5+0.3)/2 = 0.4) = 0.1; the only other group, so d's node is named.
        assertThat(FinalRound.closestOutside(layout, "a", z)).contains("d");
        var three = io.branchwise.space.layout.SharingLayout.parse("1x8[1x8[a,b],1x8[c],1x8[d,e]]");
        // a: {c} scores 0.1, {d, e} scores 0.1 too; b: {c} scores 0.3, {d, e} 0.0.
        assertThat(FinalRound.closestOutside(three, "b", z)).contains("c");
        assertThat(FinalRound.closestOutside(three, "b", null)).as("no affinity run, no such repair").isEmpty();
    }
}
