package io.branchwise.storage.h2;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * An append-only file of records, each framed as {@code [payload length][CRC32C of payload][payload]}.
 *
 * <p>Why it exists: H2 (MVStore) makes a commit durable only by writing a whole new chunk of B-tree pages, about a
 * millisecond per commit, and its file grows by a dead chunk each time. Appending one small record costs a single
 * {@code write} call. Once {@link #append} returns, the record is in the operating system's page cache: a kill -9
 * of the server cannot lose it; a crash of the machine itself (power loss, kernel panic) can lose records not yet
 * flushed by the OS, unless they were covered by a checkpoint (which syncs the database file).
 *
 * <p>A record torn by a crash in the middle of a write fails its length or checksum test; reading stops there and
 * {@link #readAndRepair} cuts the file back to the last whole record, since no client was ever told about it.
 */
final class Journal implements Closeable {
    private static final Logger LOG = Logger.getLogger(Journal.class.getName());
    private static final int HEADER_BYTES = 8;
    /** No single change comes near this (gRPC messages are capped at 4 MiB); a bigger length is a torn header. */
    private static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

    private final Path file;
    private final FileChannel channel;
    private long end;

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static Journal open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Journal(file, channel);
    }

    Path file() {
        return file;
    }

    /** The payloads of all whole records in order; a torn or corrupt tail is cut off the file. */
    List<byte[]> readAndRepair() throws IOException {
        long size = channel.size();
        List<byte[]> payloads = new ArrayList<>();
        long position = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        while (position + HEADER_BYTES <= size) {
            header.clear();
            readFully(header, position);
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            if (length < 0 || length > MAX_PAYLOAD_BYTES || position + HEADER_BYTES + length > size) {
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(payload, position + HEADER_BYTES);
            if (crc(payload.array()) != crc) {
                break;
            }
            payloads.add(payload.array());
            position += HEADER_BYTES + length;
        }
        if (position < size) {
            LOG.warning("journal " + file + ": dropped " + (size - position) + " bytes after the last whole record"
                    + " (a write cut short by a crash; it was never acknowledged)");
            channel.truncate(position);
        }
        end = position;
        return payloads;
    }

    /**
     * Writes one record after the last one. On failure the file is cut back to where it was, so that a record
     * nobody was told about never reaches a later replay; if even that fails the journal is unusable and the
     * caller must stop writing.
     */
    void append(byte[] payload) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        record.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
        long start = end;
        try {
            while (record.hasRemaining()) {
                start += channel.write(record, start);
            }
        } catch (IOException e) {
            try {
                channel.truncate(end);
            } catch (IOException again) {
                e.addSuppressed(again);
                throw new JournalBroken(file, e);
            }
            throw e;
        }
        end = start;
    }

    /** Bytes of records written so far. */
    long size() {
        return end;
    }

    /** Empties the journal: only for when the database itself durably holds every record in it. */
    void clear() throws IOException {
        channel.truncate(0);
        end = 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("journal " + file + " ended while reading a record");
            }
            position += n;
        }
    }

    private static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    /** The journal may now hold a partial record that could not be removed; appending more would hide it. */
    static final class JournalBroken extends IOException {
        JournalBroken(Path file, IOException cause) {
            super("the journal " + file + " could not be cut back after a failed write: " + cause.getMessage(), cause);
        }
    }
}
