package io.branchwise.builtin.data;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the data sources' tests of untrusted specs and files share. */
public final class SafetyFixtures {
    /** Looks like a credential, so a test can tell whether any of a file's text reached a message. */
    public static final String SECRET = "Zq7-SECRET-hunter2";

    private SafetyFixtures() {
    }

    public interface Action {
        void run() throws Exception;
    }

    /**
     * Bytes the current thread allocates while {@code action} runs (whether or not it throws), so a test can tell
     * "refused before reading" from "read, then refused". -1 when the JVM cannot say.
     */
    public static long allocatedBy(Action action) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            action.run();
        } catch (Exception e) {
            // the caller checks the outcome separately
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /** Makes a named pipe, which blocks whoever opens it for reading; false where that is not possible. */
    public static boolean mkfifo(Path path) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
