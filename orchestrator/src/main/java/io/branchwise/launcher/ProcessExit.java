package io.branchwise.launcher;

import java.util.List;

/** Words for how a trainer process ended without a result. */
final class ProcessExit {
    private ProcessExit() {
    }

    static String describe(int exitCode, List<String> stderrTail, String heap) {
        StringBuilder why = new StringBuilder();
        boolean oom = stderrTail.stream().anyMatch(l -> l.contains("OutOfMemoryError"));
        if (oom) {
            why.append("trainer ran out of memory (heap limit ").append(heap).append(")");
        } else if (exitCode > 128 && exitCode < 128 + 32) {
            why.append("trainer process was killed by signal ").append(exitCode - 128).append(signalName(exitCode - 128));
        } else {
            why.append("trainer process exited with code ").append(exitCode).append(" without a result");
        }
        if (!stderrTail.isEmpty()) {
            why.append("; last output: ").append(String.join(" | ", stderrTail.subList(Math.max(0, stderrTail.size() - 3), stderrTail.size())));
        }
        return why.toString();
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 4 -> " (SIGILL)";
            case 6 -> " (SIGABRT, often a native library failure)";
            case 9 -> " (SIGKILL, e.g. the kernel's out-of-memory killer)";
            case 11 -> " (SIGSEGV, a native crash)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }
}
