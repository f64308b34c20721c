package io.branchwise.builtin.data.csv;

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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static io.branchwise.builtin.data.SafetyFixtures.SECRET;
import static io.branchwise.builtin.data.SafetyFixtures.allocatedBy;
import static io.branchwise.builtin.data.SafetyFixtures.mkfifo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The csv source under a server: the spec comes from any caller, so the file must lie under the data roots, be a
 * regular file within the limits, and no error may repeat the file's text.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a FIFO, once opened, blocks for ever
class CsvUntrustedInputTest {
    private static final DataLimits ROOMY = DataLimits.DEFAULT;

    @TempDir
    Path dir;
    private Path root;
    private Path outside;

    private final CsvDataSource source = new CsvDataSource();

    @BeforeEach
    void folders() throws IOException {
        root = Files.createDirectory(dir.resolve("root"));
        outside = Files.createDirectory(dir.resolve("outside"));
    }

    private Path write(Path folder, String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** Loads under the data root {@code root} with {@code limits}. */
    private Dataset load(DataLimits limits, Object... keyValues) throws IOException {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put((String) keyValues[i], keyValues[i + 1]);
        }
        return source.load(new DataRequest(Options.of("data.options", options), 1, root,
                DataAccess.under(List.of(root), limits)));
    }

    /** Twelve rows of a, b, y. */
    private static String table() {
        StringBuilder s = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 12; i++) {
            s.append(i).append(',').append(2 * i).append(',').append(3 * i).append('\n');
        }
        return s.toString();
    }

    @Test
    void aMissingColumnDoesNotListTheHeader() throws IOException {
        write(root, "h.csv", "id," + SECRET + ",y\n1,2,3\n");
        assertThatThrownBy(() -> load(ROOMY, "path", "h.csv", "targets", List.of("nope")))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("data.options.targets[0]");
                    assertThat(e.problem()).contains("\"nope\"").contains("3 columns").doesNotContain(SECRET);
                });
    }

    @Test
    void aBadNumberIsGivenByLineAndColumnNotByValue() throws IOException {
        write(root, "n.csv", "a,b,y\n1,2,3\n4," + SECRET + ",6\n");
        // b is not named in the spec: its header name is the file's text too
        assertThatThrownBy(() -> load(ROOMY, "path", "n.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessage("n.csv line 3: column 2: not a number");
        write(root, "t.csv", "a,y\n1,2\n4," + SECRET + "\n");
        assertThatThrownBy(() -> load(ROOMY, "path", "t.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith("t.csv line 3: column \"y\": not a number")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aDuplicateHeaderNameIsGivenByPositions() throws IOException {
        write(root, "d.csv", SECRET + ",a," + SECRET + ",y\n1,2,3,4\n");
        assertThatThrownBy(() -> load(ROOMY, "path", "d.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("columns 1 and 3")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aSingleClassIsNotQuoted() throws IOException {
        write(root, "c.csv", "a,y\n1," + SECRET + "\n2," + SECRET + "\n3," + SECRET + "\n");
        assertThatThrownBy(() -> load(ROOMY, "path", "c.csv", "targets", "y", "categorical", "y"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("found only 1")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void otherMessagesNameUnlistedColumnsByPosition() throws IOException {
        write(root, "m.csv", SECRET + ",y\n,1\n,2\n,3\n,4\n");
        assertThatThrownBy(() -> load(ROOMY, "path", "m.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessage("m.csv line 2: column 1: missing value (missing: refuse;"
                        + " set missing to drop_rows or mean to accept missing values)");
        assertThatThrownBy(() -> load(ROOMY, "path", "m.csv", "targets", "y", "missing", "mean"))
                .isInstanceOf(DataFormatException.class).hasMessage("m.csv: column 1 has no value in the training rows");
        write(root, "q.csv", "a,y\n\"1\"§,2\n");
        assertThatThrownBy(() -> load(ROOMY, "path", "q.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessageNotContaining("§");
    }

    @Test
    void aMissingFileIsOnlyNamed() {
        assertThatThrownBy(() -> load(ROOMY, "path", "nope.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessage("nope.csv: no such file");
    }

    @Test
    void devZeroIsRefusedBeforeAnythingIsRead() {
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        // no data roots: only the file checks stand between the reader and an endless stream
        DataRequest request = new DataRequest(Options.of("data.options", Map.of("path", "/dev/zero", "targets", "y")), 1, root);
        long allocated = allocatedBy(() -> source.load(request));
        assertThatThrownBy(() -> source.load(request))
                .isInstanceOf(DataFormatException.class).hasMessage("zero: not a regular file");
        assertThat(allocated).isBetween(0L, 4L << 20);
    }

    @Test
    void aFifoOrAFolderIsRefusedWithoutOpeningIt() throws Exception {
        Files.createDirectory(root.resolve("folder.csv"));
        assertThatThrownBy(() -> load(ROOMY, "path", "folder.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessage("folder.csv: not a regular file");
        assumeTrue(mkfifo(root.resolve("pipe.csv")), "mkfifo is not available");
        assertThatThrownBy(() -> load(ROOMY, "path", "pipe.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessage("pipe.csv: not a regular file");
    }

    @Test
    void aFileOverTheByteLimitIsRefused() throws IOException {
        long size = Files.size(write(root, "big.csv", table()));
        assertThat(load(new DataLimits(size, 1000, 1000), "path", "big.csv", "targets", "y").train().rows()).isPositive();
        assertThatThrownBy(() -> load(new DataLimits(size - 1, 1000, 1000), "path", "big.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("big.csv: the file has " + size + " bytes, over the limit of " + (size - 1) + " bytes per file");
    }

    @Test
    void aFileLargerThanItsStatedSizeIsCutOffAtTheLimit() {
        // /proc files state their size as 0 whatever they hold
        Path status = Path.of("/proc/self/status");
        assumeTrue(Files.isRegularFile(status));
        DataRequest request = new DataRequest(Options.of("data.options", Map.of("path", status.toString(), "targets", "y")),
                1, root, DataAccess.anywhere().withLimits(new DataLimits(100, 1000, 1000)));
        assertThatThrownBy(() -> source.load(request))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("status: grew past the limit of 100 bytes per file while being read");
    }

    @Test
    void aLineOverTheCharacterLimitFailsOnItsLine() throws IOException {
        String longNote = "n".repeat(60);
        write(root, "long.csv", "a,y,note\n1,2,x\n3,4,x\n5,6," + longNote + "\n7,8,x\n");
        assertThat(load(new DataLimits(1000, 1000, 64), "path", "long.csv", "targets", "y", "features", "a",
                "test", 0.0, "validation", 0.25).train().rows()).isEqualTo(3);
        assertThatThrownBy(() -> load(new DataLimits(1000, 1000, 50), "path", "long.csv", "targets", "y", "features", "a"))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.getMessage()).isEqualTo("long.csv line 4: the line is longer than the limit of 50 characters");
                });
    }

    @Test
    void aCompressedFileWithoutLineBreaksIsNotBufferedWhole() throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(root.resolve("bomb.csv.gz")))) {
            byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 32; i++) {
                out.write(chunk);
            }
        }
        long allocated = allocatedBy(() -> load(new DataLimits(1 << 20, 1000, 1000), "path", "bomb.csv.gz", "targets", "y"));
        assertThatThrownBy(() -> load(new DataLimits(1 << 20, 1000, 1000), "path", "bomb.csv.gz", "targets", "y"))
                .isInstanceOfSatisfying(DataFormatException.class, e -> assertThat(e.line()).isEqualTo(1))
                .hasMessageContaining("longer than the limit of 1000 characters");
        assertThat(allocated).isBetween(0L, 8L << 20);
    }

    @Test
    void cellsOverTheLimitAreRefusedWhileReading() throws IOException {
        write(root, "t.csv", table()); // 12 rows × 3 used columns = 36 numbers
        assertThat(load(new DataLimits(1000, 36, 1000), "path", "t.csv", "targets", "y").featureCount()).isEqualTo(2);
        assertThatThrownBy(() -> load(new DataLimits(1000, 35, 1000), "path", "t.csv", "targets", "y"))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("data.options.path");
                    assertThat(e.problem()).contains("12 × 3").contains("over the limit of 35 numbers");
                });
        // only the used columns count
        assertThat(load(new DataLimits(1000, 24, 1000), "path", "t.csv", "targets", "y", "features", "a").featureCount())
                .isEqualTo(1);
    }

    @Test
    void classNamesShareTheCellLimit() throws IOException {
        StringBuilder s = new StringBuilder("a,y\n");
        for (int i = 0; i < 5; i++) {
            s.append(i).append(',').append(String.valueOf((char) ('p' + i)).repeat(30)).append('\n');
        }
        write(root, "c.csv", s.toString()); // 10 numbers, but 150 characters of distinct classes
        assertThat(load(new DataLimits(1000, 150, 1000), "path", "c.csv", "targets", "y", "categorical", "y",
                "test", 0.0, "validation", 0.2).target("y").classes()).isEqualTo(5);
        assertThatThrownBy(() -> load(new DataLimits(1000, 149, 1000), "path", "c.csv", "targets", "y", "categorical", "y"))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(6);
                    assertThat(e.getMessage()).contains("column \"y\": the distinct classes hold more than 149 characters")
                            .doesNotContain("ttt");
                });
    }

    @Test
    void aFileOutsideTheDataRootsIsRefusedAtItsOption() throws IOException {
        Path secret = write(outside, "secret.csv", table());
        Files.writeString(dir.resolve("above.csv"), table());
        for (String path : List.of(secret.toString(), "../outside/secret.csv", "../above.csv", "sub/../../above.csv")) {
            assertThatThrownBy(() -> load(ROOMY, "path", path, "targets", "y"))
                    .as(path)
                    .isInstanceOfSatisfying(SpecException.class, e -> {
                        assertThat(e.path()).isEqualTo("data.options.path");
                        assertThat(e.problem()).contains("outside this server's data roots");
                    });
        }
    }

    @Test
    void aLinkInsideTheRootLeadingOutIsRefused() throws IOException {
        Path secret = write(outside, "secret.csv", table());
        try {
            Files.createSymbolicLink(root.resolve("link.csv"), secret);
            Files.createSymbolicLink(root.resolve("linked"), outside);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links are not available: " + e);
        }
        for (String path : List.of("link.csv", "linked/secret.csv")) {
            assertThatThrownBy(() -> load(ROOMY, "path", path, "targets", "y"))
                    .as(path)
                    .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.path"));
        }
    }

    @Test
    void whetherAFileOutsideTheRootsExistsIsNotRevealed() throws Exception {
        write(outside, "there.csv", table());
        assumeTrue(mkfifo(outside.resolve("pipe.csv")), "mkfifo is not available");
        String there = message("../outside/there.csv");
        // opening the pipe would block: it is refused without being opened
        assertThat(message("../outside/pipe.csv")).isEqualTo(there);
        assertThat(message("../outside/not-there.csv")).isEqualTo(there);
    }

    private String message(String path) {
        try {
            load(ROOMY, "path", path, "targets", "y");
        } catch (SpecException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new AssertionError(path + " was looked at: " + e.getMessage(), e);
        }
        throw new AssertionError(path + " was loaded");
    }
}
