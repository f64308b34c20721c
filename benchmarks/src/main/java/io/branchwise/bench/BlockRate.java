package io.branchwise.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints the trials/s of each consecutive block of trials of one run, so that a long run shows whether the rate
 * holds as the study and the database grow. Shared by all client threads of a run; does nothing when the block
 * size is 0.
 */
final class BlockRate {
    private final int blockSize;
    private final int clients;
    private final AtomicLong done = new AtomicLong();
    private long blockStart;

    BlockRate(int blockSize, int clients) {
        this.blockSize = blockSize;
        this.clients = clients;
    }

    void start(long nanos) {
        blockStart = nanos;
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
        double seconds = (now - blockStart) / 1e9;
        blockStart = now;
        System.out.printf(Locale.ROOT, "  %d client(s), trials %d-%d of the study: %.0f trials/s%n", clients,
                trialsSoFar - blockSize, trialsSoFar - 1, blockSize / seconds);
    }
}
