package io.branchwise.builtin.data.idx;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataFormatException;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxDataSourceTest {
    @TempDir
    Path dir;

    private final IdxDataSource source = new IdxDataSource();

    /** Labels of 20 training items cycling through 0..9, and 10 test items. */
    private static int[] cycle(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return labels;
    }

    private Dataset load(long seed, Object... keyValues) throws IOException {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put((String) keyValues[i], keyValues[i + 1]);
        }
        return source.load(new DataRequest(Options.of("data.options", options), seed, dir));
    }

    /** The item index of each row, recovered from its first pixel (7·item mod 256, exact in [0,1] floats). */
    private static int item(Split s, int row) {
        int first = Math.round(s.features()[row * s.featureCount()] * 255);
        return first / 7;
    }

    private void writeStandardFiles(Path folder, boolean gzip) throws IOException {
        Files.createDirectories(folder);
        String suffix = gzip ? ".gz" : "";
        IdxWriter.images(folder.resolve("train-images-idx3-ubyte" + suffix), 20, 2, 3, gzip);
        IdxWriter.labels(folder.resolve("train-labels-idx1-ubyte" + suffix), cycle(20), gzip);
        IdxWriter.images(folder.resolve("t10k-images-idx3-ubyte" + suffix), 10, 2, 3, gzip);
        IdxWriter.labels(folder.resolve("t10k-labels-idx1-ubyte" + suffix), cycle(10), gzip);
    }

    @Test
    void readsPlainFilesScalingPixels() throws IOException {
        IdxWriter.images(dir.resolve("imgs"), 12, 2, 3, false);
        IdxWriter.labels(dir.resolve("labs"), new int[]{0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3}, false);
        IdxWriter.images(dir.resolve("timgs"), 5, 2, 3, false);
        IdxWriter.labels(dir.resolve("tlabs"), new int[]{3, 2, 1, 0, 3}, false);
        Dataset d = load(1, "train_images", "imgs", "train_labels", "labs", "test_images", "timgs",
                "test_labels", "tlabs", "validation", 3);
        assertThat(d.featureNames()).containsExactly("px0", "px1", "px2", "px3", "px4", "px5");
        assertThat(d.targets()).containsExactly(Map.entry("label", TargetColumn.categorical("label", 4)));
        assertThat(d.validation().rows()).isEqualTo(3);
        assertThat(d.train().rows()).isEqualTo(9);
        assertThat(d.test().rows()).isEqualTo(5);
        List<Integer> items = new ArrayList<>();
        for (Split s : List.of(d.train(), d.validation())) {
            for (int r = 0; r < s.rows(); r++) {
                int item = item(s, r);
                items.add(item);
                for (int p = 0; p < 6; p++) {
                    assertThat(s.features()[r * 6 + p]).isEqualTo(IdxWriter.pixel(item, p) / 255f);
                }
                assertThat(s.target("label")[r]).isEqualTo(item % 4);
            }
        }
        assertThat(items).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        // the test split keeps file order
        for (int r = 0; r < 5; r++) {
            assertThat(item(d.test(), r)).isEqualTo(r);
        }
        assertThat(d.test().target("label")).containsExactly(3, 2, 1, 0, 3);
    }

    @Test
    void gzipFilesGiveTheSameData() throws IOException {
        writeStandardFiles(dir.resolve("raw"), false);
        writeStandardFiles(dir.resolve("gz"), true);
        Dataset raw = load(3, "preset", "mnist", "dir", "raw");
        Dataset gz = load(3, "preset", "mnist", "dir", "gz");
        assertThat(gz.train().features()).containsExactly(raw.train().features());
        assertThat(gz.validation().target("label")).containsExactly(raw.validation().target("label"));
        assertThat(gz.test().features()).containsExactly(raw.test().features());
    }

    @Test
    void fashionPresetDerivesCoarseGroupAndFootwear() throws IOException {
        writeStandardFiles(dir.resolve("fm"), true);
        Dataset d = load(1, "preset", "fashion-mnist", "dir", "fm");
        assertThat(d.name()).isEqualTo("fashion-mnist");
        assertThat(d.targets()).containsExactly(
                Map.entry("label", TargetColumn.categorical("label", 10)),
                Map.entry("coarse", TargetColumn.categorical("coarse", 4)),
                Map.entry("footwear", TargetColumn.categorical("footwear", 2)));
        // 0 T-shirt, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt, 7 sneaker, 8 bag, 9 ankle boot
        // coarse: tops 0, trouser 1, footwear 2, bag 3
        int[] coarse = {0, 1, 0, 0, 0, 2, 0, 2, 3, 2};
        int[] footwear = {0, 0, 0, 0, 0, 1, 0, 1, 0, 1};
        int seen = 0;
        for (Split s : List.of(d.train(), d.validation(), d.test())) {
            for (int r = 0; r < s.rows(); r++) {
                int label = (int) s.target("label")[r];
                assertThat(label).isEqualTo(item(s, r) % 10);
                assertThat(s.target("coarse")[r]).isEqualTo(coarse[label]);
                assertThat(s.target("footwear")[r]).isEqualTo(footwear[label]);
                seen++;
            }
        }
        assertThat(seen).isEqualTo(30);
    }

    @Test
    void mnistPresetDerivesParityAndAtLeastFive() throws IOException {
        writeStandardFiles(dir.resolve("m"), false);
        Dataset d = load(1, "preset", "mnist", "dir", "m");
        assertThat(d.targets().keySet()).containsExactly("label", "parity", "ge5");
        for (Split s : List.of(d.train(), d.validation(), d.test())) {
            for (int r = 0; r < s.rows(); r++) {
                int digit = (int) s.target("label")[r];
                assertThat(s.target("parity")[r]).isEqualTo(digit % 2 == 1 ? 1f : 0f);
                assertThat(s.target("ge5")[r]).isEqualTo(digit >= 5 ? 1f : 0f);
            }
        }
    }

    @Test
    void validationDefaultsToASixthAndTakesFractionsAndRows() throws IOException {
        writeStandardFiles(dir.resolve("m"), false);
        assertThat(load(1, "preset", "mnist", "dir", "m").validation().rows()).isEqualTo(3); // round(20 / 6)
        assertThat(load(1, "preset", "mnist", "dir", "m", "validation", 0.5).validation().rows()).isEqualTo(10);
        Dataset d = load(1, "preset", "mnist", "dir", "m", "validation", 4);
        assertThat(d.validation().rows()).isEqualTo(4);
        assertThat(d.train().rows()).isEqualTo(16);
    }

    @Test
    void limitTakesTheFirstRowsOfEachFile() throws IOException {
        writeStandardFiles(dir.resolve("m"), false);
        Dataset d = load(1, "preset", "mnist", "dir", "m", "limit", 8, "validation", 2);
        assertThat(d.train().rows() + d.validation().rows()).isEqualTo(8);
        assertThat(d.test().rows()).isEqualTo(8);
        for (Split s : List.of(d.train(), d.validation())) {
            for (int r = 0; r < s.rows(); r++) {
                assertThat(item(s, r)).isLessThan(8);
            }
        }
    }

    @Test
    void validationRowsAreASeededChoice() throws IOException {
        writeStandardFiles(dir.resolve("m"), false);
        Dataset a = load(7, "preset", "mnist", "dir", "m", "validation", 5);
        Dataset b = load(7, "preset", "mnist", "dir", "m", "validation", 5);
        Dataset c = load(8, "preset", "mnist", "dir", "m", "validation", 5);
        assertThat(a.validation().features()).containsExactly(b.validation().features());
        assertThat(a.train().features()).containsExactly(b.train().features());
        assertThat(c.train().features()).isNotEqualTo(a.train().features());
    }

    @Test
    void withoutTestFilesTheTestSplitIsEmpty() throws IOException {
        IdxWriter.images(dir.resolve("i"), 6, 1, 2, false);
        IdxWriter.labels(dir.resolve("l"), new int[]{0, 1, 0, 1, 0, 1}, false);
        Dataset d = load(1, "train_images", "i", "train_labels", "l", "validation", 2);
        assertThat(d.test().rows()).isZero();
        assertThat(d.test().featureCount()).isEqualTo(2);
        assertThat(d.target("label").classes()).isEqualTo(2);
    }

    @Test
    void refusesAWrongMagicNumber() throws IOException {
        IdxWriter.write(dir.resolve("i"), new byte[]{0x12, 0x34, 0x08, 0x03}, new byte[0], false);
        IdxWriter.labels(dir.resolve("l"), new int[]{0}, false);
        assertThatThrownBy(() -> load(1, "train_images", "i", "train_labels", "l"))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.source()).isEqualTo("i");
                    assertThat(e.getMessage()).contains("not an IDX file (bad magic number").doesNotContain("1234");
                });
    }

    @Test
    void refusesOtherElementTypes() throws IOException {
        IdxWriter.write(dir.resolve("i"), IdxWriter.header(0x0D, 1, 1, 1), new byte[4], false);
        IdxWriter.labels(dir.resolve("l"), new int[]{0}, false);
        assertThatThrownBy(() -> load(1, "train_images", "i", "train_labels", "l"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("element type is not supported")
                .hasMessageNotContaining("0D");
    }

    @Test
    void refusesTruncatedFiles() throws IOException {
        IdxWriter.write(dir.resolve("short.gz"), IdxWriter.header(0x08, 4, 2, 2), new byte[10], true);
        IdxWriter.labels(dir.resolve("l"), new int[]{0, 1, 0, 1}, false);
        assertThatThrownBy(() -> load(1, "train_images", "short.gz", "train_labels", "l"))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.source()).isEqualTo("short.gz");
                    assertThat(e.getMessage()).contains("truncated: the header promises 4×2×2 = 16 values, the file ends after 10");
                });
        byte[] header = IdxWriter.header(0x08, 4, 2, 2);
        IdxWriter.write(dir.resolve("head"), java.util.Arrays.copyOf(header, 9), new byte[0], false);
        assertThatThrownBy(() -> load(1, "train_images", "head", "train_labels", "l"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("the file ends after 1");
        IdxWriter.write(dir.resolve("tiny"), new byte[]{0, 0}, new byte[0], false);
        assertThatThrownBy(() -> load(1, "train_images", "tiny", "train_labels", "l"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("tiny: truncated");
    }

    @Test
    void aLimitReadsImagesOnlyAsFarAsNeeded() throws IOException {
        // 6 items promised, 3 present: fine when only the first 3 are wanted, refused when all are
        byte[] pixels = new byte[3 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (7 * (i / 2));
        }
        IdxWriter.write(dir.resolve("i"), IdxWriter.header(0x08, 6, 1, 2), pixels, false);
        IdxWriter.labels(dir.resolve("l"), new int[]{0, 1, 0, 1, 0, 1}, false);
        Dataset d = load(1, "train_images", "i", "train_labels", "l", "limit", 3, "validation", 1);
        assertThat(d.train().rows() + d.validation().rows()).isEqualTo(3);
        assertThatThrownBy(() -> load(1, "train_images", "i", "train_labels", "l"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void refusesImageFilesWithoutPixels() throws IOException {
        IdxWriter.write(dir.resolve("i"), IdxWriter.header(0x08, 2, 0, 3), new byte[0], false);
        IdxWriter.labels(dir.resolve("l"), new int[]{0, 1}, false);
        assertThatThrownBy(() -> load(1, "train_images", "i", "train_labels", "l"))
                .isInstanceOf(DataFormatException.class).hasMessage("i: holds no image data (shape 2×0×3)");
    }

    @Test
    void refusesBytesBeyondTheData() throws IOException {
        IdxWriter.write(dir.resolve("long"), IdxWriter.header(0x08, 2, 1, 2), new byte[5], false);
        IdxWriter.labels(dir.resolve("l"), new int[]{0, 1}, false);
        assertThatThrownBy(() -> load(1, "train_images", "long", "train_labels", "l"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("more bytes after the 4 values");
    }

    @Test
    void refusesCountMismatchBetweenImagesAndLabels() throws IOException {
        IdxWriter.images(dir.resolve("i"), 5, 2, 2, false);
        IdxWriter.labels(dir.resolve("l"), new int[]{0, 1, 0, 1}, false);
        assertThatThrownBy(() -> load(1, "train_images", "i", "train_labels", "l"))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.source()).isEqualTo("l");
                    assertThat(e.getMessage()).isEqualTo("l: 4 labels, but i holds 5 images");
                });
    }

    @Test
    void refusesFilesSwappedOrOfTheWrongShape() throws IOException {
        IdxWriter.images(dir.resolve("i"), 4, 2, 2, false);
        IdxWriter.labels(dir.resolve("l"), new int[]{0, 1, 0, 1}, false);
        assertThatThrownBy(() -> load(1, "train_images", "l", "train_labels", "i"))
                .isInstanceOf(DataFormatException.class).hasMessage("l: expected images (2 or more dimensions), found shape 4");
        IdxWriter.images(dir.resolve("ti"), 4, 3, 3, false);
        assertThatThrownBy(() -> load(1, "train_images", "i", "train_labels", "l", "test_images", "ti", "test_labels", "l"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("ti: images of shape 4×3×3 do not match the training images' 4×2×2");
    }

    @Test
    void refusesLabelsOutsideThePresetsClasses() throws IOException {
        writeStandardFiles(dir.resolve("m"), false);
        int[] labels = cycle(10);
        labels[6] = 12;
        IdxWriter.labels(dir.resolve("m").resolve("t10k-labels-idx1-ubyte"), labels, false);
        assertThatThrownBy(() -> load(1, "preset", "mnist", "dir", "m"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("the label of item 6 (counting from 0) is not a class of mnist (0..9)")
                .hasMessageNotContaining("12");
    }

    @Test
    void refusesLabelsWithOneClass() throws IOException {
        IdxWriter.images(dir.resolve("i"), 3, 1, 1, false);
        IdxWriter.labels(dir.resolve("l"), new int[]{0, 0, 0}, false);
        assertThatThrownBy(() -> load(1, "train_images", "i", "train_labels", "l"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("every label is the same class");
    }

    @Test
    void aMissingPresetFileSaysHowToGetIt() {
        assertThatThrownBy(() -> load(1, "preset", "fashion-mnist", "dir", "nowhere"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("train-images-idx3-ubyte")
                .hasMessageContaining("apt-get install -y dataset-fashion-mnist");
    }

    @Test
    void refusesBadOptions() {
        assertThatThrownBy(() -> load(1, "preset", "cifar"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("unknown preset \"cifar\""));
        assertThatThrownBy(() -> load(1, "preset", "mnist"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.dir"));
        assertThatThrownBy(() -> load(1, "preset", "mnist", "dir", "m", "train_images", "x"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.train_images"));
        assertThatThrownBy(() -> load(1, "train_images", "i", "train_labels", "l", "test_images", "t"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.test_labels"));
        assertThatThrownBy(() -> load(1, "train_images", "i"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.train_labels"));
        assertThatThrownBy(() -> load(1, "dir", "x", "train_images", "i", "train_labels", "l"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.dir"));
        for (Object v : List.of(0, 2.5, -1)) {
            assertThatThrownBy(() -> load(1, "preset", "mnist", "dir", "m", "validation", v))
                    .as(String.valueOf(v))
                    .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.validation"));
        }
        assertThatThrownBy(() -> load(1, "preset", "mnist", "dir", "m", "limit", 0))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.limit"));
    }

    @Test
    void refusesValidationLeavingNoTrainingRows() throws IOException {
        writeStandardFiles(dir.resolve("m"), false);
        assertThatThrownBy(() -> load(1, "preset", "mnist", "dir", "m", "validation", 20))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("data.options.validation");
                    assertThat(e.problem()).isEqualTo("20 validation rows leave none of the 20 training rows to train on");
                });
    }
}
