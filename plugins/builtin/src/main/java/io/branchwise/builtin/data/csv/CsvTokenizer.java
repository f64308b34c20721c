package io.branchwise.builtin.data.csv;

import io.branchwise.plugin.data.DataFormatException;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records, one at a time, following RFC 4180: a field may be enclosed in double quotes, and
 * then may hold the delimiter, line breaks and doubled quotes ({@code ""} for one {@code "}). Lines end with LF,
 * CRLF or CR. Completely empty lines are skipped (a trailing newline or blank lines between blocks are common and
 * carry no row). A quote inside an unquoted field is taken literally. A leading UTF-8 byte-order mark is dropped.
 *
 * <p>Reads through its own buffer, one record in memory at a time, so a file of any length streams through. A record
 * may hold at most a set number of characters, so a file without line breaks (or with a quote left open) fails
 * where the limit is reached instead of being gathered whole.
 */
final class CsvTokenizer implements Closeable {
    private static final int END = -1;
    private final Reader in;
    private final char delimiter;
    private final String source;
    private final int maxChars;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private long line = 1;
    private long recordLine;
    /** Characters the current record holds so far: its fields' text and its delimiters. */
    private int recordChars;
    private boolean first = true;
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();

    /** @param maxChars the most characters one record may hold */
    CsvTokenizer(Reader in, char delimiter, String source, int maxChars) {
        this.in = in;
        this.delimiter = delimiter;
        this.source = source;
        this.maxChars = maxChars;
    }

    /** The 1-based line on which the record last returned by {@link #next} starts. */
    long line() {
        return recordLine;
    }

    /** The next record's fields, or null at the end of the input. */
    String[] next() throws IOException {
        int c = skipEmptyLines();
        if (c == END) {
            return null;
        }
        recordLine = line;
        recordChars = 0;
        fields.clear();
        while (true) {
            field.setLength(0);
            if (c == '"') {
                c = quoted();
            } else {
                while (c != delimiter && c != '\n' && c != '\r' && c != END) {
                    append(c);
                    c = read();
                }
            }
            fields.add(field.toString());
            if (c == delimiter) {
                count();
                c = read();
                continue;
            }
            endOfLine(c);
            return fields.toArray(new String[0]);
        }
    }

    /** Reads a quoted field (the opening quote already consumed); returns the character after the closing quote. */
    private int quoted() throws IOException {
        long start = line;
        while (true) {
            int c = read();
            if (c == END) {
                throw new DataFormatException(source, start, "a quoted field opened here is never closed");
            }
            if (c == '"') {
                int after = read();
                if (after != '"') {
                    if (after != delimiter && after != '\n' && after != '\r' && after != END) {
                        throw new DataFormatException(source, line, "unexpected character after a closing quote;"
                                + " a quote inside a quoted field is written \"\"");
                    }
                    return after;
                }
                append('"');
            } else {
                if (c == '\n' || (c == '\r' && peek() != '\n')) {
                    line++;
                }
                append(c);
            }
        }
    }

    private int skipEmptyLines() throws IOException {
        while (true) {
            int c = read();
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    c = read();
                }
            }
            if (c != '\n' && c != '\r') {
                return c;
            }
            endOfLine(c);
        }
    }

    /** Consumes a line break that starts with {@code c} (CRLF counts once) and counts the line. */
    private void endOfLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        if (c != END) {
            line++;
        }
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return END;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return END;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private void append(int c) throws DataFormatException {
        count();
        field.append((char) c);
    }

    private void count() throws DataFormatException {
        if (++recordChars > maxChars) {
            throw new DataFormatException(source, recordLine, "the line is longer than the limit of " + maxChars
                    + " characters" + (line > recordLine ? " (a quoted field runs on over the next lines; is a quote left"
                    + " open?)" : ""));
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
