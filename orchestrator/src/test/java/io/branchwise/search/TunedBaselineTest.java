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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each task's baseline is the best of a small single-task search over the space's depths and widths: the chosen
 * network is the one that fits best, whatever the order its runs finish in, and that network is retrained on fresh
 * seeds only (its own run won partly by luck) for the baseline the search and the verdict compare with.
 */
@Timeout(120)
class TunedBaselineTest {
    @TempDir
    Path dir;

    private static SearchSpec spec(String baseline) {
        String yaml = PlantedModelLauncher.fourTasks("tuned", 5) + """
                space: {trunk_depth: [0, 1], branch_depth: 1, widths: [4, 16], max_branches: 2,
                        groupings: [[[a, b], [c, d]]]}
                training: {epochs: 3, learning_rate: 0.01}
                search: {trials: 2, parallel: 2, sampler: random, pruner: none, seeds: 2, finalists: 1,
                         baseline: BASELINE}
                """.replace("BASELINE", baseline);
        return SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
    }

    @Test
    void eachTasksBaselineIsTheBestNetworkOfTheSpaceAndTheVerdictRetrainsItOnFreshSeeds() throws Exception {
        SearchSpec spec = spec("{trials: 4}");
        // One layer of 16 fits these tasks best; the fixed default (two layers of the widest width) does not.
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), false,
                0.02).networkFactor(s -> s.taskNames().size() == 1 && s.layout().toString().startsWith("1x16[") ? 0.8 : 1.0);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage,
                    launcher, dir.resolve("work"), false, SearchListener.NONE).run();

            List<String> tried = launcher.specs.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("stl-a-") && !e.getKey().contains("repeat"))
                    .map(e -> e.getValue().layout().toString()).toList();
            assertThat(tried).as("the whole grid of depths 1..2 × widths {4, 16}")
                    .containsExactlyInAnyOrder("2x16[a]", "1x4[a]", "1x16[a]", "2x4[a]");

            for (Baseline b : result.baselines()) {
                assertThat(b.config().block().toString()).as(b.task()).isEqualTo("1x16");
                assertThat(b.tried()).isEqualTo(4);
                assertThat(b.seeds()).as("the mean of the chosen network's repeats").isEqualTo(2);
                assertThat(b.noiseFloor()).as("2% noise per seed").isPositive();
            }
            Map<?, ?> stored = (Map<?, ?>) ((List<?>) io.branchwise.json.PlainJson.read(
                    storage.study(result.studyId()).systemAttributes().get(SearchStudy.BASELINES))).get(0);
            assertThat(stored.get("width")).isEqualTo(16L);
            assertThat(stored.get("tried")).isEqualTo(4L);

            // Two fresh seeds of the chosen network per task, never the run it won by: the search's Δm and the
            // verdict both compare with their mean.
            List<String> repeats = launcher.specs.keySet().stream().filter(k -> k.startsWith("stl-a-repeat")).toList();
            assertThat(repeats).containsExactlyInAnyOrder("stl-a-repeat1", "stl-a-repeat2");
            long searchRunSeed = launcher.specs.get("stl-a-1x16-lr0.01").training().seed();
            for (String repeat : repeats) {
                TrialSpec s = launcher.specs.get(repeat);
                assertThat(s.layout().toString()).isEqualTo("1x16[a]");
                assertThat(s.training().learningRate()).isEqualTo(0.01);
                assertThat(s.training().seed()).isNotEqualTo(searchRunSeed);
            }
            assertThat(result.verdict()).isNotNull();
        }
    }

    @Test
    void aNamedNetworkWithoutTrialsIsAFixedBaselineAsBefore() throws Exception {
        SearchSpec spec = spec("{depth: 1, width: 4}");
        assertThat(spec.search().baselineTrials()).isEqualTo(1);
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), false);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage,
                    launcher, dir.resolve("work"), false, SearchListener.NONE).run();
            assertThat(launcher.specs.keySet().stream().filter(k -> k.startsWith("stl-a")))
                    .containsExactlyInAnyOrder("stl-a", "stl-a-repeat1", "stl-a-repeat2");
            assertThat(result.baselines()).allSatisfy(b -> assertThat(b.tried()).isEqualTo(1));
        }
    }

    @Test
    void aTasksRepeatsStartOnceItsConfigurationsAreComparedNotAfterTheWholeGroundwork() throws Exception {
        SearchSpec spec = SearchSpecReader.fromMap(TrialSpecReader.parseYaml(
                PlantedModelLauncher.fourTasks("early", 5) + """
                        space: {trunk_depth: [0, 1], branch_depth: 1, widths: [4, 16], max_branches: 2,
                                groupings: [[[a, b], [c, d]]]}
                        training: {epochs: 3, learning_rate: 0.01}
                        search: {trials: 1, parallel: 1, sampler: random, pruner: none, seeds: 2, finalists: 1,
                                 baseline: {trials: 4}}
                        """, "spec.yaml"), Path.of("."), null);
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), false);
        RecordingListener listener = new RecordingListener();
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage, launcher,
                    dir.resolve("work"), false, listener).run();
        }
        List<String> launched = launcher.launched.stream().map(l -> l.substring(0, l.indexOf(' '))).toList();
        int firstRepeat = launched.indexOf(launched.stream().filter(n -> n.contains("-repeat")).findFirst().orElseThrow());
        int lastGroundwork = 0;
        for (int i = 0; i < launched.size(); i++) {
            String n = launched.get(i);
            if ((n.startsWith("stl-") || n.startsWith("linear-") || n.startsWith("reference-")) && !n.contains("-repeat")) {
                lastGroundwork = i;
            }
        }
        assertThat(firstRepeat).as("one trainer, in launch order: %s", launched).isLessThan(lastGroundwork);
        // A repeat says it started when it did: as many starts as launches before the search phase.
        assertThat(listener.started).filteredOn(s -> s.contains(" repeat ")).hasSize(8);
    }
}
