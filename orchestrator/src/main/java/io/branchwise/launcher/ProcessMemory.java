package io.branchwise.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory now and at its peak, as the kernel counts it ({@code /proc/<pid>/status}: VmRSS,
 * VmHWM). Heap, JavaCPP's off-heap buffers and native libraries' own allocations all show here, which is why the
 * launcher recycles trainers on this figure rather than on what the JVM reports. Zero where there is no /proc.
 */
public record ProcessMemory(long residentBytes, long peakBytes) {
    static final ProcessMemory UNKNOWN = new ProcessMemory(0, 0);

    /** Whether this machine shows processes' memory where {@link #of} reads it (Linux, without hidepid). */
    static boolean readable() {
        return Files.isReadable(Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "status"));
    }

    static ProcessMemory of(long pid) {
        try {
            long rss = 0;
            long hwm = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line) * 1024;
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kilobytes(line) * 1024;
                }
            }
            return new ProcessMemory(rss, hwm);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static long kilobytes(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]);
    }
}
