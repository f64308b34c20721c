package io.branchwise.plugin.data;

/**
 * How much a data source may read for one request, checked before the memory is taken: a spec or a file must
 * never be able to run the process out of memory.
 *
 * @param maxFileBytes  the largest file a source opens (as stored, before decompression)
 * @param maxCells      the most numbers a data set may hold (rows × columns read, generated or decoded)
 * @param maxFieldChars the longest line or field a text format may hold, so a file without line breaks fails
 *                      early instead of being buffered whole
 */
public record DataLimits(long maxFileBytes, long maxCells, int maxFieldChars) {
    /**
     * Room for Fashion-MNIST's 70,000 × 784 pixels and CSV tables of a few GB, while one request stays well below
     * a default heap (100 M cells are 400 MB as floats).
     */
    public static final DataLimits DEFAULT = new DataLimits(4L << 30, 100_000_000L, 1 << 20);

    public DataLimits {
        if (maxFileBytes < 1 || maxCells < 1 || maxFieldChars < 1) {
            throw new IllegalArgumentException("data limits must be positive, got " + maxFileBytes + " bytes, "
                    + maxCells + " cells, " + maxFieldChars + " characters");
        }
    }

    /**
     * Refuses a data set of {@code rows} × {@code columns} numbers over the cell limit (before it is allocated).
     *
     * @param what names the data for the message, e.g. {@code "rows × dimensions"}
     */
    public void checkCells(String optionPath, String what, long rows, long columns) {
        if (rows < 0 || columns < 0 || (columns != 0 && rows > maxCells / columns)) {
            throw new io.branchwise.plugin.SpecException(optionPath, what + " = " + rows + " × " + columns
                    + " is over the limit of " + maxCells + " numbers per data set");
        }
    }
}
