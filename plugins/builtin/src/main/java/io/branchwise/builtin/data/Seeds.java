package io.branchwise.builtin.data;

/**
 * Independent random streams from one seed. Each use (the shuffle, the task vectors, the rows of each split) gets
 * its own stream, so changing one option (say the number of test rows) does not change what the others draw.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for stream {@code stream} of {@code seed}: SplitMix64's finaliser over their combination. */
    public static long derive(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
