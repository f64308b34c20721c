package io.branchwise.builtin.data.csv;

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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CsvDataSourceTest {
    @TempDir
    Path dir;

    private final CsvDataSource source = new CsvDataSource();

    /** Twenty rows: x1 = i, x2 = i², animal cycles through dog, cat, ant; y = 100 + i identifies the row. */
    private static String animals() {
        StringBuilder s = new StringBuilder("x1,x2,animal,y\n");
        String[] names = {"dog", "cat", "ant"};
        for (int i = 0; i < 20; i++) {
            s.append(i).append(',').append(i * i).append(',').append(names[i % 3]).append(',').append(100 + i).append('\n');
        }
        return s.toString();
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private Dataset load(long seed, Object... keyValues) throws IOException {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put((String) keyValues[i], keyValues[i + 1]);
        }
        return source.load(new DataRequest(Options.of("data.options", options), seed, dir));
    }

    /** Every row of every split as (y → [features…, other targets…]) so tests can find rows by their y. */
    private static Map<Float, float[]> rowsByY(Dataset d, String yColumn) {
        Map<Float, float[]> out = new HashMap<>();
        for (Split s : List.of(d.train(), d.validation(), d.test())) {
            for (int r = 0; r < s.rows(); r++) {
                List<Float> values = new ArrayList<>();
                for (int f = 0; f < s.featureCount(); f++) {
                    values.add(s.features()[r * s.featureCount() + f]);
                }
                for (String t : s.targets().keySet()) {
                    values.add(s.target(t)[r]);
                }
                float[] row = new float[values.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = values.get(i);
                }
                out.put(s.target(yColumn)[r], row);
            }
        }
        return out;
    }

    @Test
    void readsFeaturesAndTargetsWithDefaultSplits() throws IOException {
        write("zoo.csv", animals());
        Dataset d = load(1, "path", "zoo.csv", "targets", List.of("animal", "y"), "categorical", List.of("animal"),
                "standardize", false);
        assertThat(d.name()).isEqualTo("zoo");
        assertThat(d.featureNames()).containsExactly("x1", "x2");
        assertThat(d.targets()).containsExactly(
                Map.entry("animal", TargetColumn.categorical("animal", 3)), Map.entry("y", TargetColumn.continuous("y")));
        assertThat(d.validation().rows()).isEqualTo(3); // round(20 · 0.15)
        assertThat(d.test().rows()).isEqualTo(3);
        assertThat(d.train().rows()).isEqualTo(14);
        Map<Float, float[]> rows = rowsByY(d, "y");
        assertThat(rows).hasSize(20);
        for (int i = 0; i < 20; i++) {
            float[] row = rows.get(100f + i);
            assertThat(row[0]).isEqualTo(i);
            assertThat(row[1]).isEqualTo(i * i);
            // classes in sorted order of the names: ant 0, cat 1, dog 2; the file cycles dog, cat, ant
            assertThat(row[2]).isEqualTo(new float[]{2, 1, 0}[i % 3]);
        }
    }

    @Test
    void standardizesWithTrainingStatisticsOnly() throws IOException {
        write("zoo.csv", animals());
        Dataset raw = load(5, "path", "zoo.csv", "targets", "y", "features", List.of("x1", "x2"), "standardize", false);
        Dataset scaled = load(5, "path", "zoo.csv", "targets", "y", "features", List.of("x1", "x2"));
        for (int f = 0; f < 2; f++) {
            double mean = 0;
            double squares = 0;
            int n = raw.train().rows();
            for (int r = 0; r < n; r++) {
                mean += raw.train().features()[r * 2 + f];
            }
            mean /= n;
            for (int r = 0; r < n; r++) {
                double e = raw.train().features()[r * 2 + f] - mean;
                squares += e * e;
            }
            double std = Math.sqrt(squares / n);
            // same seed, same order: each scaled value is the raw one scaled with the training mean and deviation
            for (Split[] pair : new Split[][]{{raw.train(), scaled.train()}, {raw.validation(), scaled.validation()}, {raw.test(), scaled.test()}}) {
                for (int r = 0; r < pair[0].rows(); r++) {
                    assertThat((double) pair[1].features()[r * 2 + f])
                            .isCloseTo((pair[0].features()[r * 2 + f] - mean) / std, within(1e-5));
                }
            }
        }
    }

    @Test
    void splitsAreDeterministicForASeed() throws IOException {
        write("zoo.csv", animals());
        Dataset a = load(42, "path", "zoo.csv", "targets", "y", "features", List.of("x1", "x2"));
        Dataset b = load(42, "path", "zoo.csv", "targets", "y", "features", List.of("x1", "x2"));
        Dataset c = load(43, "path", "zoo.csv", "targets", "y", "features", List.of("x1", "x2"));
        assertThat(a.train().target("y")).containsExactly(b.train().target("y"));
        assertThat(a.validation().features()).containsExactly(b.validation().features());
        assertThat(a.test().target("y")).containsExactly(b.test().target("y"));
        assertThat(c.train().target("y")).isNotEqualTo(a.train().target("y"));
    }

    @Test
    void featuresOmittedMeansEveryNonTargetColumnInFileOrder() throws IOException {
        write("n.csv", "a,y,b,c\n1,2,3,4\n5,6,7,8\n9,10,11,12\n");
        assertThat(load(1, "path", "n.csv", "targets", "y", "test", 0.0, "validation", 0.3).featureNames())
                .containsExactly("a", "b", "c");
        // animal holds text; without a features list it is a feature and must fail as one
        write("zoo.csv", animals());
        assertThatThrownBy(() -> load(1, "path", "zoo.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessage("zoo.csv line 2: column 3: not a number");
    }

    @Test
    void columnsNeitherFeatureNorTargetAreNotRead() throws IOException {
        write("zoo.csv", animals());
        Dataset d = load(1, "path", "zoo.csv", "targets", "y", "features", List.of("x2"));
        assertThat(d.featureNames()).containsExactly("x2");
        assertThat(d.targets()).containsOnlyKeys("y");
    }

    @Test
    void integerClassesSortNumerically() throws IOException {
        StringBuilder s = new StringBuilder("x,grade\n");
        int[] grades = {10, 2, 1, 10, 2, 1, 2, 10, 1, 2};
        for (int i = 0; i < grades.length; i++) {
            s.append(i).append(',').append(grades[i]).append('\n');
        }
        write("g.csv", s.toString());
        Dataset d = load(3, "path", "g.csv", "targets", "grade", "categorical", "grade", "standardize", false);
        assertThat(d.target("grade").classes()).isEqualTo(3);
        for (Split split : List.of(d.train(), d.validation(), d.test())) {
            for (int r = 0; r < split.rows(); r++) {
                int grade = grades[(int) split.features()[r]];
                float expected = grade == 1 ? 0 : grade == 2 ? 1 : 2;
                assertThat(split.target("grade")[r]).isEqualTo(expected);
            }
        }
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws IOException {
        String text = "id,\"name, full\",y\n"
                + "1,\"Smith, John\",5\n"
                + "2,\"say \"\"hi\"\"\",6\n"
                + "3,\"two\nlines\",7\n"
                + "4,plain,8\n"
                + "5,\"\",9\n"
                + "6,x,10\n"
                + "7,y,abc\n";
        write("q.csv", text);
        // The record "3" spans lines 5–6, so the bad value on the last record sits on line 9.
        assertThatThrownBy(() -> load(1, "path", "q.csv", "targets", "y", "features", List.of("id")))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(9);
                    assertThat(e.getMessage()).startsWith("q.csv line 9: column \"y\": not a number");
                });
        write("q.csv", text.replace("abc", "11"));
        Dataset d = load(1, "path", "q.csv", "targets", List.of("name, full"), "categorical", List.of("name, full"),
                "features", List.of("id"), "missing", "drop_rows", "standardize", false);
        // the empty quoted name on row 5 is missing and dropped; the other six names are distinct classes
        assertThat(d.target("name, full").classes()).isEqualTo(6);
        assertThat(d.train().rows() + d.validation().rows() + d.test().rows()).isEqualTo(6);
    }

    @Test
    void tokenizerKeepsQuotedTextVerbatim() throws IOException {
        CsvTokenizer t = new CsvTokenizer(new java.io.StringReader("a,\"b,c\",\"d\"\"e\"\r\n\r\n\"f\ng\",h,\n"), ',', "t.csv", 100);
        assertThat(t.next()).containsExactly("a", "b,c", "d\"e");
        assertThat(t.line()).isEqualTo(1);
        assertThat(t.next()).containsExactly("f\ng", "h", "");
        assertThat(t.line()).isEqualTo(3);
        assertThat(t.next()).isNull();
    }

    @Test
    void otherDelimitersByteOrderMarkAndCrLf() throws IOException {
        write("semi.csv", "\uFEFFa;b;y\r\n1;2;3\r\n4;5;6\r\n7;8;9\r\n10;11;12\r\n");
        Dataset d = load(1, "path", "semi.csv", "targets", "y", "delimiter", ";", "test", 0.0, "validation", 0.25);
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.train().rows()).isEqualTo(3);
        assertThat(d.test().rows()).isZero();
        write("tab.tsv", "a\tb\ty\n1\t2\t3\n4\t5\t6\n7\t8\t9\n");
        assertThat(load(1, "path", "tab.tsv", "targets", "y", "delimiter", "tab", "test", 0.0, "validation", 0.3).featureNames())
                .containsExactly("a", "b");
    }

    @Test
    void readsGzipCompressedFiles() throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("zoo.csv.gz")))) {
            out.write(animals().getBytes(StandardCharsets.UTF_8));
        }
        Dataset d = load(1, "path", "zoo.csv.gz", "targets", "y", "features", List.of("x1"));
        assertThat(d.name()).isEqualTo("zoo");
        assertThat(d.train().rows() + d.validation().rows() + d.test().rows()).isEqualTo(20);
    }

    @Test
    void dropRowsDropsEveryRowWithAGap() throws IOException {
        write("m.csv", "a,b,y\n1,2,10\n,3,11\n4,NA,12\n5,6,\n7,8,14\n9,10,15\n11,12,16\n13,14,17\n");
        Dataset d = load(1, "path", "m.csv", "targets", "y", "missing", "drop_rows", "standardize", false);
        Map<Float, float[]> rows = rowsByY(d, "y");
        assertThat(rows.keySet()).containsExactlyInAnyOrder(10f, 14f, 15f, 16f, 17f);
    }

    @Test
    void meanFillsFeaturesFromTrainingRowsAndDropsRowsWithoutTarget() throws IOException {
        StringBuilder s = new StringBuilder("a,y\n");
        for (int i = 0; i < 40; i++) {
            // rows 5 and 6 miss their feature, row 7 its target
            s.append(i == 5 || i == 6 ? "" : String.valueOf(i * 3)).append(',').append(i == 7 ? "?" : String.valueOf(i)).append('\n');
        }
        write("m.csv", s.toString());
        Dataset d = load(9, "path", "m.csv", "targets", "y", "missing", "mean", "standardize", false);
        Map<Float, float[]> rows = rowsByY(d, "y");
        assertThat(rows).hasSize(39).doesNotContainKey(Float.NaN);
        double sum = 0;
        int n = 0;
        for (int r = 0; r < d.train().rows(); r++) {
            float y = d.train().target("y")[r];
            if (y != 5f && y != 6f) {
                sum += d.train().features()[r];
                n++;
            }
        }
        assertThat(n).isGreaterThan(20);
        assertThat((double) rows.get(5f)[0]).isCloseTo(sum / n, within(1e-4));
        assertThat((double) rows.get(6f)[0]).isCloseTo(sum / n, within(1e-4));
        assertThat(rows.get(8f)[0]).isEqualTo(24f);
    }

    @Test
    void refusesMissingValuesByDefaultNamingLineAndColumn() throws IOException {
        write("m.csv", "a,b,y\n1,2,3\n4,,6\n");
        assertThatThrownBy(() -> load(1, "path", "m.csv", "targets", "y"))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).startsWith("m.csv line 3: column 2: missing value");
                });
    }

    @Test
    void meanNeedsATrainingValueToFillWith() throws IOException {
        write("m.csv", "a,b,y\n1,,1\n2,,2\n3,,3\n4,,4\n");
        assertThatThrownBy(() -> load(1, "path", "m.csv", "targets", "y", "missing", "mean", "validation", 0.25, "test", 0.0))
                .isInstanceOf(DataFormatException.class).hasMessage("m.csv: column 2 has no value in the training rows");
    }

    @Test
    void refusesAMissingClassByDefault() throws IOException {
        write("c.csv", "a,y\n1,cat\n2,NA\n3,dog\n");
        assertThatThrownBy(() -> load(1, "path", "c.csv", "targets", "y", "categorical", "y"))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).startsWith("c.csv line 3: column \"y\": missing value");
                });
    }

    @Test
    void refusesTextInANumericColumnOnItsLine() throws IOException {
        StringBuilder s = new StringBuilder("x1,x2,x3,y\n");
        for (int line = 2; line <= 20; line++) {
            s.append("1,2,").append(line == 17 ? "abc" : "3").append(",4\n");
        }
        write("data.csv", s.toString());
        assertThatThrownBy(() -> load(1, "path", "data.csv", "targets", "y"))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.source()).isEqualTo("data.csv");
                    assertThat(e.line()).isEqualTo(17);
                    assertThat(e.getMessage()).isEqualTo("data.csv line 17: column 3: not a number");
                });
    }

    @Test
    void refusesNumbersJavaWouldAcceptButFilesDoNotMean() throws IOException {
        for (String bad : List.of("1f", "Infinity", "0x10", "1e999")) {
            write("n.csv", "a,y\n1,1\n" + bad + ",2\n3,3\n");
            assertThatThrownBy(() -> load(1, "path", "n.csv", "targets", "y"))
                    .as(bad).hasMessage("n.csv line 3: column 1: not a number");
        }
    }

    @Test
    void refusesRaggedRows() throws IOException {
        StringBuilder s = new StringBuilder("a,b,c,d,y\n");
        for (int line = 2; line <= 10; line++) {
            s.append(line == 9 ? "1,2,3,4\n" : "1,2,3,4,5\n");
        }
        write("data.csv", s.toString());
        assertThatThrownBy(() -> load(1, "path", "data.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessage("data.csv line 9: 4 fields, header has 5");
    }

    @Test
    void refusesUnknownColumnsNamedInOptions() throws IOException {
        write("data.csv", "x1,x2,y\n1,2,3\n");
        assertThatThrownBy(() -> load(1, "path", "data.csv", "targets", List.of("y", "y9")))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("data.options.targets[1]");
                    assertThat(e.problem()).isEqualTo("column \"y9\" is not in the header of data.csv (line 1, 3 columns);"
                            + " names must match exactly, apart from spaces around them");
                });
        assertThatThrownBy(() -> load(1, "path", "data.csv", "targets", "y", "features", List.of("x1", "x7")))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.features[1]"));
    }

    @Test
    void refusesEmptyAndHeaderOnlyFiles() throws IOException {
        write("empty.csv", "");
        assertThatThrownBy(() -> load(1, "path", "empty.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith("empty.csv: empty file");
        write("head.csv", "a,y\n\n");
        assertThatThrownBy(() -> load(1, "path", "head.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessage("head.csv: no data rows after the header");
    }

    @Test
    void refusesDuplicateHeaderNames() throws IOException {
        write("dup.csv", "a,b,a,y\n1,2,3,4\n");
        assertThatThrownBy(() -> load(1, "path", "dup.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("dup.csv line 1: columns 1 and 3 of the header have the same name; every column needs its own");
    }

    @Test
    void refusesAnUnnamedColumnOnlyWhenItIsUsed() throws IOException {
        write("idx.csv", ",a,y\n0,1,2\n1,3,4\n2,5,6\n3,7,8\n");
        assertThatThrownBy(() -> load(1, "path", "idx.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("column 1 has no name");
        assertThat(load(1, "path", "idx.csv", "targets", "y", "features", "a", "test", 0.0, "validation", 0.25).featureNames())
                .containsExactly("a");
    }

    @Test
    void refusesBrokenQuoting() throws IOException {
        write("open.csv", "a,y\n1,2\n\"3,4\n5,6\n");
        assertThatThrownBy(() -> load(1, "path", "open.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith("open.csv line 3: a quoted field opened here is never closed");
        write("after.csv", "a,y\n\"1\"x,2\n");
        assertThatThrownBy(() -> load(1, "path", "after.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith("after.csv line 2: unexpected character after a closing quote");
    }

    @Test
    void refusesACategoricalTargetWithOneClass() throws IOException {
        write("one.csv", "a,y\n1,cat\n2,cat\n3,cat\n");
        assertThatThrownBy(() -> load(1, "path", "one.csv", "targets", "y", "categorical", "y"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("column \"y\": a categorical target needs at least 2 distinct values, found only 1")
                .hasMessageNotContaining("\"cat\"");
    }

    @Test
    void textInAContinuousTargetHintsAtCategorical() throws IOException {
        write("t.csv", "a,y\n1,cat\n2,dog\n");
        assertThatThrownBy(() -> load(1, "path", "t.csv", "targets", "y"))
                .hasMessageContaining("list the column under categorical");
    }

    @Test
    void refusesTooFewRowsForTheSplits() throws IOException {
        write("few.csv", "a,y\n1,2\n");
        assertThatThrownBy(() -> load(1, "path", "few.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith("few.csv: 1 usable rows are too few");
    }

    @Test
    void refusesAMissingFile() {
        assertThatThrownBy(() -> load(1, "path", "nope.csv", "targets", "y"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("nope.csv").hasMessageContaining("no such file");
    }

    @Test
    void refusesBadOptions() {
        assertThatThrownBy(() -> load(1, "path", "a.csv", "targets", "y", "validation", 1.5))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.validation"));
        assertThatThrownBy(() -> load(1, "path", "a.csv", "targets", "y", "validation", 0.5, "test", 0.5))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.test"));
        assertThatThrownBy(() -> load(1, "path", "a.csv", "targets", "y", "missing", "zap"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("refuse, drop_rows or mean"));
        assertThatThrownBy(() -> load(1, "path", "a.csv", "targets", "y", "delimiter", "ab"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.delimiter"));
        assertThatThrownBy(() -> load(1, "path", "a.csv", "targets", "y", "categorical", "x"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("not a target"));
        assertThatThrownBy(() -> load(1, "path", "a.csv", "targets", "y", "features", List.of("a", "y")))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.features[1]"));
        assertThatThrownBy(() -> load(1, "path", "a.csv", "targets", List.of("y", "y")))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("listed twice"));
        assertThatThrownBy(() -> load(1, "path", "a.csv", "targets", "y", "seperator", ";"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.seperator"));
        assertThatThrownBy(() -> load(1, "path", "a.csv"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.targets"));
    }
}
