package io.branchwise.plugin.data;

import java.io.IOException;

/** Input data that cannot be read as given, with where: the file and, for text formats, the 1-based line. */
public final class DataFormatException extends IOException {
    private final String source;
    private final long line;

    /** @param line the 1-based line, or 0 when the problem is not on one line */
    public DataFormatException(String source, long line, String problem) {
        super(line > 0 ? source + " line " + line + ": " + problem : source + ": " + problem);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    public long line() {
        return line;
    }
}
