package io.branchwise.builtin.data.csv;

import io.branchwise.plugin.data.DataFormatException;
import io.branchwise.plugin.data.TargetColumn;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the used columns of a CSV file (UTF-8, optionally gzip-compressed, recognised by its magic bytes) into a
 * {@link CsvTable}, checking every row as it streams past: field count, numbers, missing values under
 * {@code refuse}. Errors name the file, the 1-based line and the column.
 */
final class CsvReader {
    private final CsvOptions options;
    private final String file;

    private CsvReader(CsvOptions options, String file) {
        this.options = options;
        this.file = file;
    }

    static CsvTable read(Path path, CsvOptions options) throws IOException {
        String file = path.getFileName().toString();
        try (CsvTokenizer tokens = new CsvTokenizer(new InputStreamReader(open(path, file), StandardCharsets.UTF_8),
                options.delimiter(), file)) {
            return new CsvReader(options, file).read(tokens);
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
        int rows = 0;
        for (String[] fields = tokens.next(); fields != null; fields = tokens.next()) {
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
        double[][] featureValues = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            featureNames.add(layout.name(layout.features()[i]));
            featureValues[i] = features[i].values();
        }
        List<TargetColumn> columns = new ArrayList<>();
        double[][] targetValues = new double[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            String name = layout.name(layout.targets()[i]);
            if (targets[i] instanceof CategoricalColumn c) {
                List<String> classes = c.classes();
                if (classes.size() < 2) {
                    throw new DataFormatException(file, 0, "column \"" + name + "\": a categorical target needs at least 2 "
                            + "distinct values, found " + classes.size() + (classes.isEmpty() ? "" : " (\"" + classes.get(0) + "\")"));
                }
                columns.add(TargetColumn.categorical(name, classes.size()));
                targetValues[i] = c.values();
            } else {
                columns.add(TargetColumn.continuous(name));
                targetValues[i] = ((NumericColumn) targets[i]).values();
            }
        }
        return new CsvTable(file, featureNames, featureValues, columns, targetValues, rows);
    }

    private double number(String[] fields, int position, ColumnLayout layout, long line, boolean target) throws DataFormatException {
        String text = fields[position].trim();
        if (MissingValues.isMissing(text)) {
            allowMissing(layout, position, line);
            return Double.NaN;
        }
        double v = DecimalNumbers.parse(text);
        if (Double.isNaN(v)) {
            throw new DataFormatException(file, line, "column \"" + layout.name(position) + "\": \"" + text + "\" is not a number"
                    + (target ? " (list the column under categorical if it holds classes)" : ""));
        }
        return v;
    }

    /** Refuses a missing value under {@code refuse}; the other policies deal with it after reading. */
    private void allowMissing(ColumnLayout layout, int position, long line) throws DataFormatException {
        if (options.missing() == MissingPolicy.REFUSE) {
            throw new DataFormatException(file, line, "column \"" + layout.name(position) + "\": missing value (missing: refuse;"
                    + " set missing to drop_rows or mean to accept missing values)");
        }
    }

    private static InputStream open(Path path, String file) throws IOException {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(path.toString(), 0, "no such file");
        }
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }
}
