package io.branchwise.search;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.json.PlainJson;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.h2.H2Storage;
import io.branchwise.trial.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configuration the study has trained is not trained again: a repeat is stored as a marked copy of the first (the
 * sampler learns its outcome again), counts neither towards the trials wanted nor as a recommendation, and a sampler
 * that proposes only repeats ends the search, which says so.
 */
@Timeout(120)
class DuplicateTrialsTest {
    @TempDir
    Path dir;

    /** What makes two trainings the same, as the trainer received it. */
    private static String configuration(TrialSpec s) {
        return s.layout() + " " + s.weighting() + " " + s.training().learningRate() + " " + s.training().activation()
                + " " + s.training().dropout();
    }

    @Test
    void theTinyExampleTrainsNoConfigurationTwice() throws Exception {
        // The example as shipped, played by the in-process planted model, with more trials than its space holds.
        SearchSpec spec = SearchSpecReader.read(Path.of("..", "examples", "search-tiny.yaml"));
        Map<String, Object> raw = new HashMap<>(spec.raw());
        raw.put("trainer", "scripted");
        Map<String, Object> space = new HashMap<>(castMap(raw.get("space")));
        space.put("groupings", "all"); // the in-process model measures no affinity
        raw.put("space", space);
        Map<String, Object> search = new HashMap<>(castMap(raw.get("search")));
        search.put("trials", 300);
        raw.put("search", search);
        spec = SearchSpecReader.fromMap(raw, spec.baseDirectory(), null);
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("t0", "t1"), List.of("t2")), false);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage, launcher,
                    dir.resolve("work"), false, SearchListener.NONE).run();

            List<String> trained = launcher.specs.entrySet().stream().filter(e -> e.getKey().startsWith("trial-"))
                    .map(e -> configuration(e.getValue())).toList();
            assertThat(trained).as("no configuration trained twice").doesNotHaveDuplicates().hasSizeLessThan(300);
            assertThat(result.status()).isEqualTo(SearchResult.Status.COMPLETE);
            assertThat(result.reason()).contains("configurations in a row that were already trained");
            assertThat(result.progress().complete()).isEqualTo(trained.size());

            List<TrialRecord> trials = storage.trials(result.studyId(), -1, List.of());
            List<TrialRecord> copies = trials.stream()
                    .filter(t -> t.systemAttributes().containsKey(TrialAttributes.DUPLICATE_OF)).toList();
            assertThat(copies).hasSizeGreaterThanOrEqualTo(TrialLoop.MAX_DUPLICATES_IN_A_ROW);
            for (TrialRecord copy : copies) {
                int original = ((Number) PlainJson.read(copy.systemAttributes().get(TrialAttributes.DUPLICATE_OF))).intValue();
                TrialRecord first = trials.get(original);
                assertThat(first.systemAttributes()).doesNotContainKey(TrialAttributes.DUPLICATE_OF);
                assertThat(launcher.specs).containsKey("trial-" + original).doesNotContainKey("trial-" + copy.number());
                assertThat(copy.systemAttributes().get(TrialAttributes.LAYOUT))
                        .isEqualTo(first.systemAttributes().get(TrialAttributes.LAYOUT));
                assertThat(copy.systemAttributes().get(TrialAttributes.WEIGHTING))
                        .isEqualTo(first.systemAttributes().get(TrialAttributes.WEIGHTING));
                assertThat(copy.state()).isEqualTo(first.state());
                assertThat(copy.values()).as("the sampler learns the first one's outcome").isEqualTo(first.values());
            }
            assertThat(result.recommendation().trialNumber()).as("the recommendation is a trained trial")
                    .isNotIn(copies.stream().map(t -> (int) t.number()).toList());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
