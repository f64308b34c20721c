package io.branchwise.builtin.data.csv;

import io.branchwise.builtin.data.ColumnStats;
import io.branchwise.builtin.data.RowOrder;
import io.branchwise.builtin.data.Seeds;
import io.branchwise.builtin.data.SplitSizes;
import io.branchwise.plugin.data.DataFormatException;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.DataSource;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code csv}: a table in a CSV file with a header row, split at random (seeded) into train, validation and test.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code path} (required): the file, relative to the spec's folder; UTF-8, gzip-compressed files are read too.</li>
 *   <li>{@code targets} (required): the target columns. Each is continuous unless listed under {@code categorical}.</li>
 *   <li>{@code categorical}: targets holding classes (strings or integers); the distinct values found in the whole
 *       file are numbered 0..K−1 in sorted order (numeric order when all are numbers, text order otherwise).</li>
 *   <li>{@code features}: the feature columns (numbers only); omitted = every column that is not a target.
 *       Columns that are neither are not read.</li>
 *   <li>{@code delimiter}: one character, default {@code ,} ({@code tab} for a tab). Fields may be quoted as in
 *       RFC 4180 ({@code "a, b"}, {@code "say ""hi"""}).</li>
 *   <li>{@code missing}: what to do with a missing value (empty, {@code NA}, {@code N/A}, {@code NaN}, {@code null},
 *       {@code ?}): {@code refuse} (default; fails naming file, line and column), {@code drop_rows} (drop rows
 *       with a missing value in any used column) or {@code mean} (fill a missing feature with its mean over the
 *       training rows; targets are never filled in: rows missing a target are dropped).</li>
 *   <li>{@code validation}, {@code test}: fractions of the (kept) rows, default 0.15 each; the rest trains. Rows are
 *       shuffled with the request's seed first, so the same seed gives the same splits.</li>
 *   <li>{@code standardize}: scale each feature to mean 0, standard deviation 1 using training rows only
 *       (default true; a constant feature is only centred).</li>
 * </ul>
 * Errors give the file and the 1-based line, e.g. {@code data.csv line 17: column "x3": not a number}, but no text
 * of the file: a column the options do not name is given by position ({@code column 3}), and values are never
 * quoted. The file must be a regular file within the request's {@link io.branchwise.plugin.data.DataLimits}.
 */
public final class CsvDataSource implements DataSource {
    @Override
    public String name() {
        return "csv";
    }

    @Override
    public String description() {
        return "a CSV file with a header row: numeric features, continuous or categorical targets, seeded random splits";
    }

    @Override
    public Dataset load(DataRequest request) throws IOException {
        CsvOptions options = CsvOptions.from(request.options());
        Path path = request.file("path");
        CsvTable table = CsvReader.read(path, options, request.limits());
        int[] kept = keptRows(table, options.missing());
        int[] order = RowOrder.shuffled(kept.length, Seeds.derive(request.seed(), 0));
        for (int i = 0; i < order.length; i++) {
            order[i] = kept[order[i]];
        }
        SplitSizes sizes;
        try {
            sizes = SplitSizes.fractions(order.length, options.validation(), options.test());
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(table.file(), 0, e.getMessage());
        }
        prepareFeatures(table, order, sizes.train(), options);
        int trainEnd = sizes.train();
        int validationEnd = trainEnd + sizes.validation();
        Map<String, TargetColumn> targets = new LinkedHashMap<>();
        table.targetColumns().forEach(c -> targets.put(c.name(), c));
        return new Dataset(stem(path), table.featureNames(), targets,
                split(table, order, 0, trainEnd),
                split(table, order, trainEnd, validationEnd),
                split(table, order, validationEnd, order.length));
    }

    /** The rows the missing policy keeps (all of them under refuse: the reader already refused any gap). */
    private static int[] keptRows(CsvTable table, MissingPolicy policy) {
        int[] kept = new int[table.rows()];
        int n = 0;
        for (int r = 0; r < table.rows(); r++) {
            boolean drop = switch (policy) {
                case REFUSE -> false;
                case DROP_ROWS -> table.targetMissing(r) || table.featureMissing(r);
                case MEAN -> table.targetMissing(r);
            };
            if (!drop) {
                kept[n++] = r;
            }
        }
        return java.util.Arrays.copyOf(kept, n);
    }

    /** Fills gaps with the training mean (policy mean) and standardizes, both from training rows only. */
    private static void prepareFeatures(CsvTable table, int[] order, int trainRows, CsvOptions options) throws DataFormatException {
        for (int f = 0; f < table.features().length; f++) {
            double[] column = table.features()[f];
            ColumnStats stats = ColumnStats.of(column, order, 0, trainRows);
            if (stats.count() == 0) {
                throw new DataFormatException(table.file(), 0, table.featureLabels().get(f)
                        + " has no value in the training rows");
            }
            for (int r : order) {
                double v = Double.isNaN(column[r]) ? stats.mean() : column[r];
                column[r] = options.standardize() ? stats.standardize(v) : v;
            }
        }
    }

    private static Split split(CsvTable table, int[] order, int from, int to) {
        int features = table.features().length;
        float[] x = new float[(to - from) * features];
        for (int i = from; i < to; i++) {
            int base = (i - from) * features;
            for (int f = 0; f < features; f++) {
                x[base + f] = (float) table.features()[f][order[i]];
            }
        }
        Map<String, float[]> y = new LinkedHashMap<>();
        for (int t = 0; t < table.targets().length; t++) {
            float[] values = new float[to - from];
            for (int i = from; i < to; i++) {
                values[i - from] = (float) table.targets()[t][order[i]];
            }
            y.put(table.targetColumns().get(t).name(), values);
        }
        return new Split(to - from, features, x, y);
    }

    /** The data set's name: the file name without its extensions ({@code houses.csv.gz} → {@code houses}). */
    private static String stem(Path path) {
        String name = path.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
