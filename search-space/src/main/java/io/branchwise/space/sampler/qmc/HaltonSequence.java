package io.branchwise.space.sampler.qmc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Halton's sequence: coordinate j of point n is the radical inverse of n in the j-th prime base. Scrambled
 * with one seeded random permutation of the digits per (dimension, digit position), applied to the leading zero
 * digits as well, which breaks the strong correlations of plain Halton between large prime bases while keeping
 * each coordinate's stratification.
 */
public final class HaltonSequence implements QmcSequence {
    private final boolean scramble;
    private final long seed;
    private final List<Integer> bases = new ArrayList<>();
    private final List<int[][]> permutations = new ArrayList<>();

    public HaltonSequence(boolean scramble, long seed) {
        this.scramble = scramble;
        this.seed = seed;
    }

    @Override
    public synchronized double coordinate(long index, int dimension) {
        if (index < 0) {
            throw new IllegalArgumentException("Halton index must be >= 0, got " + index);
        }
        if (dimension < 0) {
            throw new IllegalArgumentException("Halton dimension must be >= 0, got " + dimension);
        }
        while (bases.size() <= dimension) {
            addDimension(bases.size());
        }
        int base = bases.get(dimension);
        int[][] perm = permutations.get(dimension);
        double value = 0.0;
        double weight = 1.0 / base;
        long rest = index;
        for (int k = 0; scramble ? k < perm.length : rest != 0; k++) {
            int digit = (int) (rest % base);
            rest /= base;
            value += (scramble ? perm[k][digit] : digit) * weight;
            weight /= base;
        }
        return Math.min(value, Math.nextDown(1.0));
    }

    private void addDimension(int j) {
        int base = j == 0 ? 2 : nextPrime(bases.get(j - 1));
        bases.add(base);
        if (!scramble) {
            permutations.add(new int[0][]);
            return;
        }
        // Enough digit positions to reach double precision.
        int positions = (int) Math.ceil(53 * Math.log(2) / Math.log(base));
        SplittableRandom random = new SplittableRandom(SobolSequence.mix(seed, 1_000_003L * (j + 1)));
        int[][] perm = new int[positions][];
        for (int k = 0; k < positions; k++) {
            perm[k] = shuffledDigits(base, random);
        }
        permutations.add(perm);
    }

    private static int[] shuffledDigits(int base, SplittableRandom random) {
        int[] p = new int[base];
        for (int i = 0; i < base; i++) {
            p[i] = i;
        }
        for (int i = base - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }

    private static int nextPrime(int after) {
        for (int candidate = after + 1; ; candidate++) {
            boolean prime = true;
            for (int f = 2; f * f <= candidate; f++) {
                if (candidate % f == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                return candidate;
            }
        }
    }
}
