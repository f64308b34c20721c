package io.branchwise.builtin.data.csv;

import io.branchwise.builtin.data.DataFiles;
import io.branchwise.plugin.data.DataFormatException;
import io.branchwise.plugin.data.DataLimits;
import io.branchwise.plugin.data.TargetColumn;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the used columns of a CSV file (UTF-8, optionally gzip-compressed, recognised by its magic bytes) into a
 * {@link CsvTable}, checking every row as it streams past: field count, numbers, missing values under
 * {@code refuse}. Errors name the file, the 1-based line and the column, never the file's text: a server may be
 * made to read a file whose content the caller must not learn.
 */
final class CsvReader {
    private final CsvOptions options;
    private final String file;
    private final DataLimits limits;

    private CsvReader(CsvOptions options, String file, DataLimits limits) {
        this.options = options;
        this.file = file;
        this.limits = limits;
    }

    /** @param path already checked against the request's data roots */
    static CsvTable read(Path path, CsvOptions options, DataLimits limits) throws IOException {
        String file = path.getFileName().toString();
        try (CsvTokenizer tokens = new CsvTokenizer(new InputStreamReader(DataFiles.open(path, file, limits, ""),
                StandardCharsets.UTF_8), options.delimiter(), file, limits.maxFieldChars())) {
            return new CsvReader(options, file, limits).read(tokens);
        }
    }

    private CsvTable read(CsvTokenizer tokens) throws IOException {
        String[] header = tokens.next();
        if (header == null) {
            throw new DataFormatException(file, 0, "empty file; the first line must be a header naming the columns");
        }
        long headerLine = tokens.line();
        ColumnLayout layout = ColumnLayout.resolve(options, header, file, headerLine);
        NumericColumn[] features = new NumericColumn[layout.features().length];
        for (int i = 0; i < features.length; i++) {
            features[i] = new NumericColumn();
        }
        Object[] targets = new Object[layout.targets().length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = layout.categorical()[i] ? new CategoricalColumn() : new NumericColumn();
        }
        int used = features.length + targets.length;
        int rows = 0;
        for (String[] fields = tokens.next(); fields != null; fields = tokens.next()) {
            limits.checkCells(options.source().path("path"), file + ": rows × used columns", rows + 1L, used);
            if (fields.length != header.length) {
                throw new DataFormatException(file, tokens.line(), fields.length + " fields, header has " + header.length);
            }
            for (int i = 0; i < features.length; i++) {
                features[i].add(number(fields, layout.features()[i], layout, tokens.line(), false));
            }
            for (int i = 0; i < targets.length; i++) {
                int position = layout.targets()[i];
                if (targets[i] instanceof CategoricalColumn c) {
                    String value = fields[position].trim();
                    if (MissingValues.isMissing(value)) {
                        allowMissing(layout, position, tokens.line());
                        value = null;
                    }
                    c.add(value);
                    // Names that are all different would keep the column's whole text, which a compressed file
                    // can make far larger than itself: they share the budget of the numbers.
                    if (c.nameChars() > limits.maxCells()) {
                        throw new DataFormatException(file, tokens.line(), layout.label(position) + ": the distinct"
                                + " classes hold more than " + limits.maxCells() + " characters together, the limit per"
                                + " data set; is this column really categorical?");
                    }
                } else {
                    ((NumericColumn) targets[i]).add(number(fields, position, layout, tokens.line(), true));
                }
            }
            rows++;
        }
        if (rows == 0) {
            throw new DataFormatException(file, 0, "no data rows after the header");
        }
        return table(layout, features, targets, rows);
    }

    private CsvTable table(ColumnLayout layout, NumericColumn[] features, Object[] targets, int rows) throws DataFormatException {
        List<String> featureNames = new ArrayList<>();
        List<String> featureLabels = new ArrayList<>();
        double[][] featureValues = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            featureNames.add(layout.name(layout.features()[i]));
            featureLabels.add(layout.label(layout.features()[i]));
            featureValues[i] = features[i].values();
        }
        List<TargetColumn> columns = new ArrayList<>();
        double[][] targetValues = new double[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            String name = layout.name(layout.targets()[i]);
            if (targets[i] instanceof CategoricalColumn c) {
                List<String> classes = c.classes();
                if (classes.size() < 2) {
                    throw new DataFormatException(file, 0, layout.label(layout.targets()[i]) + ": a categorical target"
                            + " needs at least 2 distinct values, found " + (classes.isEmpty() ? "none" : "only 1"));
                }
                columns.add(TargetColumn.categorical(name, classes.size()));
                targetValues[i] = c.values();
            } else {
                columns.add(TargetColumn.continuous(name));
                targetValues[i] = ((NumericColumn) targets[i]).values();
            }
        }
        return new CsvTable(file, featureNames, featureLabels, featureValues, columns, targetValues, rows);
    }

    private double number(String[] fields, int position, ColumnLayout layout, long line, boolean target) throws DataFormatException {
        String text = fields[position].trim();
        if (MissingValues.isMissing(text)) {
            allowMissing(layout, position, line);
            return Double.NaN;
        }
        double v = DecimalNumbers.parse(text);
        if (Double.isNaN(v)) {
            throw new DataFormatException(file, line, layout.label(position) + ": not a number"
                    + (target ? " (list the column under categorical if it holds classes)" : ""));
        }
        return v;
    }

    /** Refuses a missing value under {@code refuse}; the other policies deal with it after reading. */
    private void allowMissing(ColumnLayout layout, int position, long line) throws DataFormatException {
        if (options.missing() == MissingPolicy.REFUSE) {
            throw new DataFormatException(file, line, layout.label(position) + ": missing value (missing: refuse;"
                    + " set missing to drop_rows or mean to accept missing values)");
        }
    }
}
