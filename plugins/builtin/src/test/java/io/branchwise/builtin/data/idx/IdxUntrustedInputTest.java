package io.branchwise.builtin.data.idx;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataAccess;
import io.branchwise.plugin.data.DataFormatException;
import io.branchwise.plugin.data.DataLimits;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.branchwise.builtin.data.SafetyFixtures.mkfifo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The idx source under a server: files only under the data roots, sizes checked first, no bytes in messages. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a FIFO, once opened, blocks for ever
class IdxUntrustedInputTest {
    @TempDir
    Path dir;
    private Path root;
    private Path outside;

    private final IdxDataSource source = new IdxDataSource();

    @BeforeEach
    void folders() throws IOException {
        root = Files.createDirectory(dir.resolve("root"));
        outside = Files.createDirectory(dir.resolve("outside"));
    }

    private Dataset load(DataLimits limits, Object... keyValues) throws IOException {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put((String) keyValues[i], keyValues[i + 1]);
        }
        return source.load(new DataRequest(Options.of("data.options", options), 1, root,
                DataAccess.under(List.of(root), limits)));
    }

    private Dataset load(Object... keyValues) throws IOException {
        return load(DataLimits.DEFAULT, keyValues);
    }

    private static void writeStandardFiles(Path folder) throws IOException {
        Files.createDirectories(folder);
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1};
        IdxWriter.images(folder.resolve("train-images-idx3-ubyte"), 12, 2, 2, false);
        IdxWriter.labels(folder.resolve("train-labels-idx1-ubyte"), labels, false);
        IdxWriter.images(folder.resolve("t10k-images-idx3-ubyte"), 12, 2, 2, false);
        IdxWriter.labels(folder.resolve("t10k-labels-idx1-ubyte"), labels, false);
    }

    @Test
    void aBadMagicNumberIsNotPrinted() throws IOException {
        Files.writeString(root.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n", StandardCharsets.US_ASCII);
        IdxWriter.labels(root.resolve("l"), new int[]{0, 1}, false);
        assertThatThrownBy(() -> load("train_images", "passwd", "train_labels", "l"))
                .isInstanceOfSatisfying(DataFormatException.class, e -> assertThat(e.getMessage())
                        .startsWith("passwd: not an IDX file (bad magic number")
                        .doesNotContainIgnoringCase("726F6F74") // "root" as the hex of the old message
                        .doesNotContain("root"));
    }

    @Test
    void aHugeDimensionIsNotPrinted() throws IOException {
        IdxWriter.write(root.resolve("i"), IdxWriter.header(0x08, 2, -1, 2), new byte[0], false);
        IdxWriter.labels(root.resolve("l"), new int[]{0, 1}, false);
        assertThatThrownBy(() -> load("train_images", "i", "train_labels", "l"))
                .isInstanceOf(DataFormatException.class).hasMessage("i: dimension 2 is 2^31 or more, too large for any data set");
    }

    @Test
    void dimensionsOverTheCellLimitAreRefusedBeforeReading() throws IOException {
        // 1000 images of 28×28 promised, none present: refused for the claim, not for the missing bytes
        IdxWriter.write(root.resolve("i"), IdxWriter.header(0x08, 1000, 28, 28), new byte[0], false);
        IdxWriter.labels(root.resolve("l"), new int[]{0, 1}, false);
        assertThatThrownBy(() -> load(new DataLimits(1 << 20, 100_000, 1000), "train_images", "i", "train_labels", "l"))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("data.options.train_images");
                    assertThat(e.problem()).contains("1000 × 784").contains("over the limit of 100000 numbers");
                });
        // dimensions whose product overflows a long
        IdxWriter.write(root.resolve("wide"), IdxWriter.header(0x08, 2, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE, Integer.MAX_VALUE), new byte[0], false);
        assertThatThrownBy(() -> load("train_images", "wide", "train_labels", "l"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.train_images"));
        // nor can a file claiming no items hide an item size nothing could hold
        IdxWriter.write(root.resolve("none"), IdxWriter.header(0x08, 0, 1 << 20, 1 << 20), new byte[0], false);
        assertThatThrownBy(() -> load("train_images", "none", "train_labels", "l"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.train_images"));
    }

    @Test
    void aLimitKeepsALargeFileWithinTheCellLimit() throws IOException {
        writeStandardFiles(root.resolve("m"));
        // 12 train + 12 test images of 4 pixels = 96 numbers
        assertThatThrownBy(() -> load(new DataLimits(1 << 20, 95, 1000), "preset", "mnist", "dir", "m"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("24 × 4"));
        assertThat(load(new DataLimits(1 << 20, 95, 1000), "preset", "mnist", "dir", "m", "limit", 11, "validation", 2)
                .train().rows()).isEqualTo(9);
    }

    @Test
    void aFileOverTheByteLimitOrNotRegularIsRefused() throws Exception {
        IdxWriter.images(root.resolve("i"), 12, 2, 2, false);
        IdxWriter.labels(root.resolve("l"), new int[]{0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, false);
        long size = Files.size(root.resolve("i"));
        assertThatThrownBy(() -> load(new DataLimits(size - 1, 1000, 1000), "train_images", "i", "train_labels", "l"))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith("i: the file has " + size + " bytes, over the limit");
        Files.createDirectory(root.resolve("folder"));
        assertThatThrownBy(() -> load("train_images", "folder", "train_labels", "l"))
                .isInstanceOf(DataFormatException.class).hasMessage("folder: not a regular file");
        assumeTrue(mkfifo(root.resolve("pipe")), "mkfifo is not available");
        assertThatThrownBy(() -> load("train_images", "pipe", "train_labels", "l"))
                .isInstanceOf(DataFormatException.class).hasMessage("pipe: not a regular file");
    }

    @Test
    void filesOutsideTheDataRootsAreRefusedAtTheirOption() throws IOException {
        writeStandardFiles(outside.resolve("m"));
        IdxWriter.labels(root.resolve("l"), new int[]{0, 1}, false);
        assertThatThrownBy(() -> load("train_images", "../outside/m/train-images-idx3-ubyte", "train_labels", "l"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.train_images"));
        assertThatThrownBy(() -> load("train_images", outside.resolve("m/train-images-idx3-ubyte").toString(),
                "train_labels", "l"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.train_images"));
        assertThatThrownBy(() -> load("preset", "mnist", "dir", "../outside/m"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.dir"));
    }

    @Test
    void aLinkInAPresetFolderLeadingOutIsRefused() throws IOException {
        writeStandardFiles(root.resolve("m"));
        writeStandardFiles(outside.resolve("m"));
        Path link = root.resolve("m/train-images-idx3-ubyte");
        Files.delete(link);
        try {
            Files.createSymbolicLink(link, outside.resolve("m/train-images-idx3-ubyte"));
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links are not available: " + e);
        }
        assertThatThrownBy(() -> load("preset", "mnist", "dir", "m"))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("data.options.dir");
                    assertThat(e.problem()).contains("outside this server's data roots");
                });
    }

    @Test
    void aPresetsOwnFolderIsReadWhateverTheDataRoots() {
        // The default folder is the plugin's choice, not the caller's: the roots do not apply to it. Where the data
        // set is installed FashionMnistTest loads it; here only the missing file shows where it was looked for.
        assumeFalse(Files.exists(Path.of("/usr/share/datasets/fashion-mnist")));
        assertThatThrownBy(() -> load("preset", "fashion-mnist", "limit", 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("train-images-idx3-ubyte: no such file")
                .hasMessageContaining("apt-get install -y dataset-fashion-mnist");
    }
}
