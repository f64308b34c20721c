package io.branchwise.trial;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.plugin.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A warm trainer process parses a table once for all the trainings that read it, and again once it changes. */
class DataCacheTest {
    @TempDir
    Path dir;
    private final PluginCatalog catalog = PluginCatalog.load(getClass().getClassLoader(), List.of());

    private TrialSpec spec(String layout, long seed, long trainingSeed) throws Exception {
        String yaml = """
                seed: %d
                data: {source: csv, options: {path: table.csv, targets: [y, z], validation: 0.25, test: 0.25}}
                tasks:
                  - {name: y, type: regression, target: y}
                  - {name: z, type: regression, target: z}
                layout: "%s"
                training: {epochs: 1, seed: %d}
                """.formatted(seed, layout, trainingSeed);
        return TrialSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), dir);
    }

    private void writeTable(int rows) throws Exception {
        StringBuilder csv = new StringBuilder("a,b,y,z\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i).append(',').append(i % 7).append(',').append(i * 0.5).append(',').append(i % 3).append('\n');
        }
        Files.writeString(dir.resolve("table.csv"), csv);
    }

    @Test
    void theSameDataIsParsedOnceWhateverTheLayoutOrTrainingSeed() throws Exception {
        writeTable(40);
        DataCache cache = new DataCache();
        Dataset first = cache.load(spec("1x8[y,z]", 1, 10), catalog);
        Dataset second = cache.load(spec("0x0[1x8[y],1x8[z]]", 1, 11), catalog);
        assertThat(second).isSameAs(first);
        assertThat(cache.loads()).isEqualTo(1);
    }

    @Test
    void anotherDataSeedOrAnEditedFileIsReadAgain() throws Exception {
        writeTable(40);
        DataCache cache = new DataCache();
        Dataset first = cache.load(spec("1x8[y,z]", 1, 10), catalog);
        Dataset otherSplit = cache.load(spec("1x8[y,z]", 2, 10), catalog);
        assertThat(otherSplit).isNotSameAs(first);
        assertThat(cache.loads()).isEqualTo(2);

        writeTable(80);
        // Same size and time would be indistinguishable; a real edit changes at least one of them.
        Files.setLastModifiedTime(dir.resolve("table.csv"), FileTime.from(Instant.now().plusSeconds(5)));
        Dataset edited = cache.load(spec("1x8[y,z]", 2, 10), catalog);
        assertThat(cache.loads()).isEqualTo(3);
        assertThat(edited.train().rows() + edited.validation().rows() + edited.test().rows()).isEqualTo(80);
    }
}
