package io.branchwise.builtin.data;

import io.branchwise.plugin.data.DataFormatException;
import io.branchwise.plugin.data.DataLimits;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.GZIPInputStream;

/**
 * Opens the data sources' files. A server loads data for specs sent by any caller, so what is opened is checked
 * first: a FIFO would block the reader forever, {@code /dev/zero} never ends, and a huge file would fill the heap.
 * Errors name the file but never repeat what the file system or the file itself holds.
 */
public final class DataFiles {
    private static final int BUFFER = 1 << 16;

    private DataFiles() {
    }

    /**
     * The file's bytes, decompressed when they start with gzip's magic number (whatever the file's name).
     *
     * @param path        from {@code DataRequest.file}/{@code resolve} (already checked against the data roots), or
     *                    a path the plugin itself names
     * @param name        how errors name the file
     * @param missingHint appended to "no such file" (how to obtain it), or empty
     * @throws DataFormatException missing, unreadable, not a regular file, or over {@link DataLimits#maxFileBytes}
     */
    public static InputStream open(Path path, String name, DataLimits limits, String missingHint) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(name, 0, "no such file" + missingHint);
        } catch (IOException e) {
            throw new DataFormatException(name, 0, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (!attributes.isRegularFile()) {
            throw new DataFormatException(name, 0, "not a regular file");
        }
        if (attributes.size() > limits.maxFileBytes()) {
            throw new DataFormatException(name, 0, "the file has " + attributes.size() + " bytes, over the limit of "
                    + limits.maxFileBytes() + " bytes per file");
        }
        // The size checked above can be wrong by the time the file is read (it grew, or it is a /proc file whose
        // size reads 0), so the stream itself stops at the limit as well.
        InputStream in = new BufferedInputStream(new Bounded(Files.newInputStream(path), limits.maxFileBytes(), name), BUFFER);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER) : in;
    }

    /** Fails once more than {@code limit} bytes have been read. */
    private static final class Bounded extends FilterInputStream {
        private final long limit;
        private final String name;
        private long read;

        Bounded(InputStream in, long limit, String name) {
            super(in);
            this.limit = limit;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void count(long n) throws DataFormatException {
            read += n;
            if (read > limit) {
                throw new DataFormatException(name, 0, "grew past the limit of " + limit + " bytes per file while being read");
            }
        }
    }
}
