package io.branchwise.trainer.dl4j.fashion;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * STAND-IN, test scope only: a minimal reader of gzip'd IDX files (big-endian magic 0x0000_08_0D with D dimensions,
 * D big-endian int sizes, then unsigned bytes). It exists only so the trainer can be checked on Fashion-MNIST before
 * the {@code idx} data source (being written in plugins/builtin) is merged; replace it with that source then.
 */
final class IdxStandIn {
    /** Unsigned bytes and the dimension sizes of one IDX file. */
    record Idx(int[] dims, byte[] data) {
        int count() {
            return dims[0];
        }

        int itemSize() {
            int n = 1;
            for (int i = 1; i < dims.length; i++) {
                n *= dims[i];
            }
            return n;
        }
    }

    private IdxStandIn() {
    }

    static Idx read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if ((magic >>> 8) != 0x08) {
                throw new IOException(file + ": not an unsigned-byte IDX file (magic " + Integer.toHexString(magic) + ")");
            }
            int[] dims = new int[magic & 0xff];
            long total = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = in.readInt();
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE) {
                throw new IOException(file + ": too large");
            }
            byte[] data = new byte[(int) total];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                throw new IOException(file + ": truncated, expected " + total + " values", e);
            }
            return new Idx(dims, data);
        }
    }
}
