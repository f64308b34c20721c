package io.branchwise.search;

import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cached baseline is found again only for the same run on the same data by the same code: the file's content and
 * the trainer's code version are in the key.
 */
class BaselineCacheTest {
    @TempDir
    Path dir;

    private static Map<String, Object> baseline(String task, Object weight) {
        Map<String, Object> t = new LinkedHashMap<>(Map.of("name", task, "type", "regression", "target", "y"));
        if (weight != null) {
            t.put("weight", weight);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("trainer", "dl4j");
        spec.put("seed", 3);
        spec.put("data", Map.of("source", "csv", "options", Map.of("path", "table.csv", "targets", List.of("y"))));
        spec.put("tasks", List.of(t));
        spec.put("layout", "2x64[" + task + "]");
        spec.put("training", Map.of("epochs", 5));
        return spec;
    }

    private String key(Map<String, Object> spec) {
        return key(spec, "code-1");
    }

    private String key(Map<String, Object> spec, String codeVersion) {
        // A new cache per key: one search reads its data files once; here each key must read them afresh.
        return new BaselineCache(null, dir, codeVersion).key(TrialSpecReader.fromMap(spec, dir));
    }

    @Test
    void theKeyFollowsTheDataFilesContentNotTheirNameAlone() throws Exception {
        Files.writeString(dir.resolve("table.csv"), "x,y\n1,2\n3,4\n");
        String before = key(baseline("a", null));
        assertThat(key(baseline("a", 2.0))).as("a task's weight does not change its training").isEqualTo(before);
        assertThat(key(baseline("b", null))).isNotEqualTo(before);

        Files.writeString(dir.resolve("table.csv"), "x,y\n1,2\n3,5\n");
        assertThat(key(baseline("a", null))).as("same file name, edited content").isNotEqualTo(before);
        Files.writeString(dir.resolve("table.csv"), "x,y\n1,2\n3,4\n");
        assertThat(key(baseline("a", null))).as("the same content again").isEqualTo(before);
    }

    @Test
    void anotherTrainerCodeOrAnotherNetworkIsAnotherKey() throws Exception {
        Files.writeString(dir.resolve("table.csv"), "x,y\n1,2\n3,4\n");
        String before = key(baseline("a", null));
        assertThat(key(baseline("a", null), "code-2")).as("an upgraded trainer retrains").isNotEqualTo(before);
        Map<String, Object> wider = baseline("a", null);
        wider.put("layout", "2x128[a]");
        assertThat(key(wider)).as("each configuration of a tuned baseline is cached on its own").isNotEqualTo(before);
    }

    @Test
    void theCatalogsCodeVersionIsStableAndNamesTheTrainersCode() {
        var catalog = io.branchwise.catalog.PluginCatalog.builtIns();
        String version = catalog.codeVersion("scripted", List.of("regression"));
        assertThat(version).hasSize(64).isEqualTo(catalog.codeVersion("scripted", List.of("regression", "regression")));
        // The test fixtures (scripted trainer, fixture task types) and the built-in task types are different code.
        assertThat(catalog.codeVersion("scripted", List.of("fixture-regression"))).isNotEqualTo(version);
        assertThatThrownBy(() -> catalog.codeVersion("nonesuch", List.of())).hasMessageContaining("unknown trainer");
    }
}
