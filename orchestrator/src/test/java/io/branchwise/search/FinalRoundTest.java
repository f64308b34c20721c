package io.branchwise.search;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.storage.h2.H2Storage;
import io.branchwise.trial.TrialSpec;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict on repeats: with {@code search.seeds: 3} every baseline network and every finalist is trained on three
 * fresh seeds; Δm and each task's Δ get intervals; the finalist that mixes strangers is flagged for its significant
 * losses and the planted grouping is chosen.
 */
@Timeout(120)
class FinalRoundTest {
    @TempDir
    Path dir;

    private static SearchSpec spec() {
        String yaml = PlantedModelLauncher.fourTasks("verdict", 11) + """
                space: {trunk_depth: 0, branch_depth: 1, widths: [4], max_branches: 2,
                        groupings: [[[a, b], [c, d]], [[a, c], [b, d]]]}
                training: {epochs: 3}
                search: {trials: 2, parallel: 2, sampler: random, pruner: none, seeds: 3, finalists: 2,
                         baseline: {depth: 1, width: 4}}
                """;
        return SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
    }

    @Test
    void theFinalistsAreComparedOnFreshSeedsWithIntervalsAndTheOneWithoutSignificantLossIsChosen() throws Exception {
        SearchSpec spec = spec();
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), false, 0.02);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage, launcher,
                    dir.resolve("work"), false, SearchListener.NONE).run();
            FinalRound.Verdict v = result.verdict();
            assertThat(v).isNotNull();
            assertThat(v.seeds()).isEqualTo(3);
            assertThat(v.finalists()).extracting(FinalRound.Finalist::layout).containsExactlyInAnyOrder(
                    "0x0[1x4[a,b],1x4[c,d]]", "0x0[1x4[a,c],1x4[b,d]]", "1x4[a,b,c,d]",
                    "0x0[1x4[a],1x4[b],1x4[c],1x4[d]]");

            // Three fresh seeds per baseline and per finalist: every one a different initialisation.
            Map<String, TrialSpec> specs = launcher.specs;
            assertThat(specs.keySet().stream().filter(k -> k.startsWith("stl-a"))).containsExactlyInAnyOrder(
                    "stl-a", "stl-a-repeat1", "stl-a-repeat2", "stl-a-repeat3");
            List<String> finals = specs.keySet().stream().filter(k -> k.startsWith("final-")).toList();
            assertThat(finals).hasSize(4 * 3);
            long searchSeed = specs.get("trial-0").training().seed();
            for (String finalist : List.of("final-trial-0", "final-trial-1", "final-hard_sharing")) {
                List<Long> seeds = specs.entrySet().stream().filter(e -> e.getKey().startsWith(finalist + "-seed"))
                        .map(e -> e.getValue().training().seed()).toList();
                assertThat(seeds).as(finalist + ": fresh seeds, none the search's").hasSize(3).doesNotHaveDuplicates()
                        .doesNotContain(searchSeed);
            }

            Map<String, FinalRound.Finalist> byLayout = v.finalists().stream()
                    .collect(Collectors.toMap(FinalRound.Finalist::layout, f -> f));
            FinalRound.Finalist planted = byLayout.get("0x0[1x4[a,b],1x4[c,d]]");
            FinalRound.Finalist mixed = byLayout.get("0x0[1x4[a,c],1x4[b,d]]");
            FinalRound.Finalist hard = byLayout.get("1x4[a,b,c,d]");
            FinalRound.Finalist alone = byLayout.get("0x0[1x4[a],1x4[b],1x4[c],1x4[d]]");
            // Friends lower each other's error by 10%, strangers raise it by 20%; 2% noise per seed.
            assertThat(planted.delta().low()).isPositive();
            assertThat(planted.delta().percent()).isBetween(5.0, 15.0);
            assertThat(planted.delta().significantLosses(v.maxTaskDrop())).isEmpty();
            // The planted model plays the same errors on the test split: the held-out figures agree.
            assertThat(planted.test().percent()).isCloseTo(planted.delta().percent(), org.assertj.core.api.Assertions.within(1e-9));
            assertThat(planted.bestEpochs()).hasSize(3).containsOnly(3);
            assertThat(mixed.delta().high()).isNegative();
            assertThat(mixed.delta().significantLosses(v.maxTaskDrop())).containsExactly("a", "b", "c", "d");
            assertThat(hard.delta().significantLosses(v.maxTaskDrop())).containsExactly("a", "b", "c", "d");
            assertThat(alone.delta().low()).as("the same networks as the baselines: within noise")
                    .isNegative();
            assertThat(alone.delta().high()).isPositive();
            assertThat(alone.delta().significantLosses(v.maxTaskDrop())).isEmpty();
            for (var d : planted.delta().perTask()) {
                assertThat(d.low()).isLessThanOrEqualTo(d.percent());
                assertThat(d.high()).isGreaterThanOrEqualTo(d.percent());
                assertThat(d.noiseFloor()).isPositive();
            }

            assertThat(v.chosen()).isSameAs(planted);
            assertThat(v.trainAlone()).isEmpty();
            assertThat(result.recommendation().trialNumber()).as("the recommendation is the verdict's choice")
                    .isEqualTo(planted.trialNumber());
            assertThat(result.recommendation().withinTolerance()).isTrue();
            assertThat(result.toMap().get("verdict")).isNotNull();
        }
    }
}
