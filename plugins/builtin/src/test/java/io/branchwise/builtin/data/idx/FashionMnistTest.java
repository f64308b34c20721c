package io.branchwise.builtin.data.idx;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.data.DataAccess;
import io.branchwise.plugin.data.DataLimits;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real Fashion-MNIST from the Debian package, when installed ({@code apt-get install -y dataset-fashion-mnist}). */
class FashionMnistTest {
    private static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void loadsTheInstalledDataSet() throws IOException {
        assumeTrue(Files.isRegularFile(DIR.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed; apt-get install -y dataset-fashion-mnist");
        Dataset d = new IdxDataSource().load(new DataRequest(
                Options.of("data.options", Map.of("preset", "fashion-mnist", "limit", 3000)), 1, null));
        assertThat(d.featureCount()).isEqualTo(28 * 28);
        assertThat(d.validation().rows()).isEqualTo(500);
        assertThat(d.train().rows()).isEqualTo(2500);
        assertThat(d.test().rows()).isEqualTo(3000);
        Set<Float> labels = new HashSet<>();
        float maxPixel = 0;
        for (Split s : List.of(d.train(), d.validation(), d.test())) {
            for (float px : s.features()) {
                assertThat(px).isBetween(0f, 1f);
                maxPixel = Math.max(maxPixel, px);
            }
            for (int r = 0; r < s.rows(); r++) {
                float label = s.target("label")[r];
                labels.add(label);
                boolean shoe = label == 5 || label == 7 || label == 9;
                assertThat(s.target("footwear")[r]).isEqualTo(shoe ? 1f : 0f);
                assertThat(s.target("coarse")[r]).isBetween(0f, 3f);
            }
        }
        assertThat(maxPixel).isEqualTo(1f);
        assertThat(labels).containsExactlyInAnyOrder(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f);
    }

    /** A server's data roots restrict what callers name; the preset's own folder is the plugin's choice. */
    @Test
    void loadsFromItsOwnFolderWhateverTheDataRoots(@TempDir Path root) throws IOException {
        assumeTrue(Files.isRegularFile(DIR.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed; apt-get install -y dataset-fashion-mnist");
        Dataset d = new IdxDataSource().load(new DataRequest(
                Options.of("data.options", Map.of("preset", "fashion-mnist", "limit", 100)), 1, root,
                DataAccess.under(List.of(root), DataLimits.DEFAULT)));
        assertThat(d.train().rows() + d.validation().rows()).isEqualTo(100);
    }
}
