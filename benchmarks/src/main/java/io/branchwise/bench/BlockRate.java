package io.branchwise.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Prints the trials/s of each consecutive block of trials of one run, so that a long run shows whether the rate
 * holds as the study and the database grow, with the server's CPU per RPC in that block: a slow block with the
 * usual CPU per RPC was slowed from outside (other work on the machine), one with more CPU per RPC by the server.
 * Shared by all client threads of a run; does nothing when the block size is 0.
 */
final class BlockRate {
    private final int blockSize;
    private final int clients;
    private final LongSupplier serverCpuNanos;
    private final AtomicLong done = new AtomicLong();
    private long blockStart;
    private long blockServerCpu;

    BlockRate(int blockSize, int clients, LongSupplier serverCpuNanos) {
        this.blockSize = blockSize;
        this.clients = clients;
        this.serverCpuNanos = serverCpuNanos;
    }

    void start(long nanos) {
        blockStart = nanos;
        if (blockSize > 0) {
            blockServerCpu = serverCpuNanos.getAsLong();
        }
    }

    void trialDone() {
        if (blockSize <= 0) {
            return;
        }
        long n = done.incrementAndGet();
        if (n % blockSize == 0) {
            report(n);
        }
    }

    private synchronized void report(long trialsSoFar) {
        long now = System.nanoTime();
        long cpu = serverCpuNanos.getAsLong();
        double seconds = (now - blockStart) / 1e9;
        double cpuPerRpc = (cpu - blockServerCpu) / 1e3 / ((long) blockSize * CachingClient.RPCS_PER_TRIAL);
        blockStart = now;
        blockServerCpu = cpu;
        System.out.printf(Locale.ROOT, "  %d client(s), trials %d-%d of the study: %.0f trials/s,"
                + " server CPU %.0f µs per RPC%n", clients, trialsSoFar - blockSize, trialsSoFar - 1,
                blockSize / seconds, cpuPerRpc);
    }
}
