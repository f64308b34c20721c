package io.branchwise.search;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.storage.h2.H2Storage;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The A/A check retrains each task's chosen baseline network on seeds none of the verdict's baseline sample used
 * (a check on the same seeds would prove nothing), and compares with the verdict's arithmetic.
 */
@Timeout(120)
class NoiseCheckTest {
    @TempDir
    Path dir;

    @Test
    void everyTaskIsRetrainedOnFreshSeedsPerRepetitionAndComparedWithItsBaselineSample() throws Exception {
        String yaml = PlantedModelLauncher.fourTasks("aa", 13) + """
                space: {trunk_depth: [0, 1], branch_depth: 1, widths: [4, 8], groupings: all}
                training: {epochs: 3, learning_rate: 0.01}
                search: {trials: 1, parallel: 2, seeds: 3, baseline: {trials: 3}}
                """;
        SearchSpec spec = SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), false, 0.03);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            NoiseCheck check = new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage, launcher,
                    dir.resolve("work"), false, SearchListener.NONE).calibrate(4);
            assertThat(check.repetitions()).hasSize(4).allMatch(NoiseCheck.Repetition::complete);
            assertThat(check.comparisons()).isEqualTo(16);
            assertThat(storage.allStudies()).as("a calibration opens no study").isEmpty();

            // a's seeds: the tuned search's runs, the verdict's sample (3 fresh seeds of the chosen network), and
            // 4 × 3 A/A runs — all different.
            List<Long> sample = launcher.specs.entrySet().stream().filter(e -> e.getKey().startsWith("stl-a-repeat"))
                    .map(e -> e.getValue().training().seed()).toList();
            List<Long> aa = launcher.specs.entrySet().stream().filter(e -> e.getKey().matches("aa-\\d+-a-seed\\d+"))
                    .map(e -> e.getValue().training().seed()).toList();
            assertThat(sample).hasSize(3);
            assertThat(aa).hasSize(12);
            Set<Long> all = new HashSet<>(sample);
            all.addAll(aa);
            assertThat(all).hasSize(15);
            String network = launcher.specs.get("stl-a-repeat2").layout().toString();
            assertThat(launcher.specs.entrySet().stream().filter(e -> e.getKey().matches("aa-\\d+-a-seed\\d+")))
                    .allMatch(e -> e.getValue().layout().toString().equals(network));

            // With 3% noise per seed, each A/A interval has width; the point estimates are luck around 0.
            for (NoiseCheck.Repetition r : check.repetitions()) {
                assertThat(r.validation().high()).isGreaterThan(r.validation().low());
                assertThat(Math.abs(r.validation().percent())).isLessThan(10.0);
            }
            assertThat(check.flagged()).isLessThanOrEqualTo(check.excludingZero());
        }
    }
}
