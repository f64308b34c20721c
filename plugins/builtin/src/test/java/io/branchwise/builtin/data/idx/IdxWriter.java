package io.branchwise.builtin.data.idx;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests, straight from the format's definition. */
final class IdxWriter {
    private IdxWriter() {
    }

    /** Header bytes: magic 00 00 type n, then the n sizes big-endian. */
    static byte[] header(int type, int... dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt((type << 8) | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        return bytes.toByteArray();
    }

    static Path write(Path path, byte[] header, byte[] data, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(path); OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            out.write(header);
            out.write(data);
        }
        return path;
    }

    /** Images whose pixel p of item i is (7i + 3p) mod 256, so every item's first pixel differs (for i < 37). */
    static Path images(Path path, int count, int rows, int cols, boolean gzip) throws IOException {
        byte[] data = new byte[count * rows * cols];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * cols; p++) {
                data[i * rows * cols + p] = (byte) pixel(i, p);
            }
        }
        return write(path, header(0x08, count, rows, cols), data, gzip);
    }

    static int pixel(int item, int p) {
        return (7 * item + 3 * p) % 256;
    }

    static Path labels(Path path, int[] labels, boolean gzip) throws IOException {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return write(path, header(0x08, labels.length), data, gzip);
    }
}
