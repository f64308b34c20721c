package io.branchwise.builtin.data.idx;

import io.branchwise.plugin.data.DataFormatException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.StringJoiner;
import java.util.zip.GZIPInputStream;

/**
 * One IDX file (the MNIST format): magic {@code 00 00 08 N} (unsigned bytes, N dimensions), N big-endian 32-bit
 * sizes, then the values, first dimension slowest. Only unsigned-byte files exist in the data sets we read, so
 * other element types are refused. Gzip-compressed files are recognised by their magic bytes, whatever their name.
 *
 * @param name       the file name, for messages
 * @param dimensions sizes as the header gives them, first the item count
 * @param data       the values of the items loaded (all, or the first ones: see {@link #read(Path, String, int)}),
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
     * compressed file.
     *
     * @param missingHint appended to the message when the file does not exist (how to get it), or empty
     * @throws DataFormatException naming the file: missing, wrong magic, unsupported type, truncated, extra bytes
     */
    public static IdxFile read(Path path, String missingHint, int maxItems) throws IOException {
        String name = path.getFileName().toString();
        try (DataInputStream in = new DataInputStream(open(path, missingHint))) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(name, 0, "truncated: shorter than the 4-byte IDX magic number");
            }
            int[] dims = dimensions(in, magic, name);
            long total = 1;
            for (int d : dims) {
                total *= d;
            }
            long wanted = total / Math.max(1, dims[0]) * Math.min(dims[0], Math.max(0, maxItems));
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(name, 0, "shape " + shape(dims) + " is too large to load; set a limit");
            }
            byte[] data = in.readNBytes((int) wanted);
            if (data.length < wanted) {
                throw new DataFormatException(name, 0, "truncated: the header promises " + shape(dims) + " = " + total
                        + " values, the file ends after " + data.length);
            }
            if (wanted == total && in.read() != -1) {
                throw new DataFormatException(name, 0, "more bytes after the " + total + " values the header promises ("
                        + shape(dims) + ")");
            }
            return new IdxFile(name, dims, data);
        }
    }

    private static int[] dimensions(DataInputStream in, int magic, String name) throws IOException {
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) == 0 || (magic & 0xFF) == 0) {
            throw new DataFormatException(name, 0, String.format("not an IDX file: magic number 0x%08X, expected "
                    + "0x000008NN (unsigned bytes, NN dimensions)", magic));
        }
        int type = (magic >>> 8) & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new DataFormatException(name, 0, String.format("IDX element type 0x%02X is not supported; only "
                    + "unsigned bytes (0x08)", type));
        }
        int[] dims = new int[magic & 0xFF];
        for (int i = 0; i < dims.length; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(name, 0, "truncated: the header names " + dims.length + " dimensions, the file ends after " + i);
            }
            if (dims[i] < 0) {
                throw new DataFormatException(name, 0, "dimension " + (i + 1) + " is negative (" + dims[i] + ")");
            }
        }
        return dims;
    }

    private static InputStream open(Path path, String missingHint) throws IOException {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(path.toString(), 0, "no such file" + missingHint);
        }
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    private static String shape(int[] dims) {
        StringJoiner j = new StringJoiner("×");
        Arrays.stream(dims).forEach(d -> j.add(Integer.toString(d)));
        return j.toString();
    }
}
