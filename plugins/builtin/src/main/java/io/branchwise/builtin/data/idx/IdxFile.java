package io.branchwise.builtin.data.idx;

import io.branchwise.builtin.data.DataFiles;
import io.branchwise.plugin.data.DataFormatException;
import io.branchwise.plugin.data.DataLimits;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * One IDX file (the MNIST format): magic {@code 00 00 08 N} (unsigned bytes, N dimensions), N big-endian 32-bit
 * sizes, then the values, first dimension slowest. Only unsigned-byte files exist in the data sets we read, so
 * other element types are refused. Gzip-compressed files are recognised by their magic bytes, whatever their name.
 *
 * @param name       the file name, for messages
 * @param dimensions sizes as the header gives them, first the item count
 * @param data       the values of the items loaded (all, or the first ones: see {@link #read}),
 *                   item after item
 */
public record IdxFile(String name, int[] dimensions, byte[] data) {
    private static final int UNSIGNED_BYTE = 0x08;

    /** Items in the file (the first dimension). */
    public int count() {
        return dimensions[0];
    }

    /** Items whose values were loaded. */
    public int loaded() {
        int size = itemSize();
        return size == 0 ? count() : data.length / size;
    }

    /** Values per item: the product of the dimensions after the first (1 for a label file). */
    public int itemSize() {
        int size = 1;
        for (int i = 1; i < dimensions.length; i++) {
            size *= dimensions[i];
        }
        return size;
    }

    /** The value at {@code index} of the flat data, 0..255. */
    public int value(int index) {
        return data[index] & 0xFF;
    }

    /** Dimensions as {@code 60000×28×28}. */
    public String shape() {
        return shape(dimensions);
    }

    /**
     * Reads and checks the header and the first {@code maxItems} items. Only when every item is loaded is the file
     * checked for bytes beyond the data: stopping early is what makes a small {@code limit} cheap on a large
     * compressed file. The sizes the header claims are checked against {@code limits} before anything is allocated.
     *
     * @param input       the file, already checked against the data roots, and the option that named it
     * @param missingHint appended to the message when the file does not exist (how to get it), or empty
     * @throws DataFormatException naming the file: missing, wrong magic, unsupported type, truncated, extra bytes
     * @throws io.branchwise.plugin.SpecException at the option: the items to load hold more values than allowed
     */
    static IdxFile read(IdxOptions.Input input, String missingHint, int maxItems, DataLimits limits) throws IOException {
        String name = input.path().getFileName().toString();
        try (DataInputStream in = new DataInputStream(DataFiles.open(input.path(), name, limits, missingHint))) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(name, 0, "truncated: shorter than the 4-byte IDX magic number");
            }
            int[] dims = dimensions(in, magic, name);
            long itemSize = 1;
            for (int i = 1; i < dims.length; i++) {
                itemSize = saturatedProduct(itemSize, dims[i]);
            }
            long items = Math.min(dims[0], Math.max(0, maxItems));
            // At least one item, so that a file claiming no items cannot smuggle in an item size nothing could hold.
            limits.checkCells(input.option(), name + " (shape " + shape(dims) + "): items × values per item",
                    Math.max(items, 1), itemSize);
            long wanted = items * itemSize;
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(name, 0, "shape " + shape(dims) + " is too large to load; set a limit");
            }
            long total = saturatedProduct(itemSize, dims[0]);
            byte[] data = in.readNBytes((int) wanted);
            if (data.length < wanted) {
                throw new DataFormatException(name, 0, "truncated: the header promises " + shape(dims) + " = " + total
                        + " values, the file ends after " + data.length);
            }
            if (items == dims[0] && in.read() != -1) {
                throw new DataFormatException(name, 0, "more bytes after the " + total + " values the header promises ("
                        + shape(dims) + ")");
            }
            return new IdxFile(name, dims, data);
        }
    }

    /** a × b, or Long.MAX_VALUE when that does not fit (dimensions are never negative here). */
    private static long saturatedProduct(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    // Nothing read from a file that turns out not to be IDX is repeated: the caller may not see its content.
    private static int[] dimensions(DataInputStream in, int magic, String name) throws IOException {
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) == 0 || (magic & 0xFF) == 0) {
            throw new DataFormatException(name, 0, "not an IDX file (bad magic number; an IDX file starts with 00 00,"
                    + " its element type and its number of dimensions)");
        }
        int type = (magic >>> 8) & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new DataFormatException(name, 0, "the IDX element type is not supported; only unsigned bytes (0x08) are");
        }
        int[] dims = new int[magic & 0xFF];
        for (int i = 0; i < dims.length; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(name, 0, "truncated: the header names " + dims.length + " dimensions, the file ends after " + i);
            }
            if (dims[i] < 0) {
                throw new DataFormatException(name, 0, "dimension " + (i + 1) + " is 2^31 or more, too large for any data set");
            }
        }
        return dims;
    }

    private static String shape(int[] dims) {
        StringJoiner j = new StringJoiner("×");
        Arrays.stream(dims).forEach(d -> j.add(Integer.toString(d)));
        return j.toString();
    }
}
