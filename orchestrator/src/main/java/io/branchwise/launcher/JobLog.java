package io.branchwise.launcher;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The trainer process's {@code System.out} and {@code System.err}: while a job runs, everything printed goes to
 * that job's log file; between jobs, to the process's standard error. Installed once, so a library that keeps a
 * reference to {@code System.err} from its first job still writes into the current job's log.
 */
final class JobLog extends OutputStream {
    private final OutputStream idle = new FileOutputStream(FileDescriptor.err);
    private OutputStream current = idle;

    /** Appends to {@code file} until {@link #release}; a file that cannot be opened leaves output on stderr. */
    synchronized void open(Path file) {
        release();
        try {
            current = new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            current = idle;
        }
    }

    synchronized void release() {
        if (current != idle) {
            try {
                current.close();
            } catch (IOException ignored) {
                // The job's log is best effort; the job's outcome travels over the protocol.
            }
            current = idle;
        }
    }

    @Override
    public synchronized void write(int b) throws IOException {
        current.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        current.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
        current.flush();
    }
}
