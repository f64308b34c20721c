package io.branchwise.space.sampler.qmc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sobol's sequence in base 2 with 32-bit precision (2^32 points), point n built directly from the bits of n
 * (not in Gray-code order), optionally scrambled by a random linear matrix scramble plus a digital shift
 * (Matoušek), which keeps every net property of the unscrambled sequence.
 *
 * <p>Direction numbers: dimension 0 is van der Corput's; dimension j ≥ 1 uses the j-th primitive polynomial over
 * GF(2) (by degree, then value; see {@link PrimitivePolynomials}) with initial numbers m_1..m_s, each odd and below
 * 2^k, drawn by a SplittableRandom seeded with {@value #DIRECTION_SEED} + j. This is Bratley and Fox's random
 * initialisation made reproducible: any odd m_k yield a valid (t, s)-sequence, so every one-dimensional
 * projection of the first 2^k points is perfectly stratified.
 */
public final class SobolSequence implements QmcSequence {
    public static final int MAX_DIMENSIONS = 1111;
    private static final int BITS = 32;
    private static final long DIRECTION_SEED = 0x50B01L;
    private static final double SCALE = 1.0 / (1L << BITS);

    private final boolean scramble;
    private final long seed;
    private final List<long[]> directions = new ArrayList<>();
    private final List<Long> shifts = new ArrayList<>();
    private List<Long> polynomials = List.of();

    public SobolSequence(boolean scramble, long seed) {
        this.scramble = scramble;
        this.seed = seed;
    }

    @Override
    public synchronized double coordinate(long index, int dimension) {
        if (index < 0 || index >= 1L << BITS) {
            throw new IllegalArgumentException("Sobol index must lie in [0, 2^32), got " + index);
        }
        if (dimension < 0 || dimension >= MAX_DIMENSIONS) {
            throw new IllegalArgumentException("Sobol dimension must lie in [0, " + MAX_DIMENSIONS + "), got " + dimension);
        }
        while (directions.size() <= dimension) {
            addDimension(directions.size());
        }
        long[] v = directions.get(dimension);
        long x = shifts.get(dimension);
        for (int k = 0; index >>> k != 0; k++) {
            if (((index >>> k) & 1L) != 0) {
                x ^= v[k];
            }
        }
        return x * SCALE;
    }

    private void addDimension(int j) {
        long[] v = scramble ? scrambled(directionNumbers(j), new SplittableRandom(mix(seed, j))) : directionNumbers(j);
        directions.add(v);
        shifts.add(scramble ? new SplittableRandom(mix(seed, -1 - j)).nextLong() & 0xFFFFFFFFL : 0L);
    }

    /** v[k] is the direction number for bit k of the index, as a 32-bit binary fraction. */
    private long[] directionNumbers(int j) {
        long[] m = new long[BITS + 1];
        if (j == 0) {
            for (int k = 1; k <= BITS; k++) {
                m[k] = 1;
            }
        } else {
            if (polynomials.size() < j) {
                polynomials = PrimitivePolynomials.first(Math.min(MAX_DIMENSIONS - 1, Math.max(j, 2 * polynomials.size())));
            }
            long p = polynomials.get(j - 1);
            int s = PrimitivePolynomials.degree(p);
            SplittableRandom initial = new SplittableRandom(DIRECTION_SEED + j);
            for (int k = 1; k <= Math.min(s, BITS); k++) {
                m[k] = (initial.nextLong(1L << (k - 1)) << 1) | 1L;
            }
            // m_k = 2a_1 m_(k−1) ⊕ 4a_2 m_(k−2) ⊕ … ⊕ 2^s m_(k−s) ⊕ m_(k−s), with a_i the coefficient of x^(s−i).
            for (int k = s + 1; k <= BITS; k++) {
                long next = m[k - s] ^ (m[k - s] << s);
                for (int i = 1; i < s; i++) {
                    if (((p >>> (s - i)) & 1L) != 0) {
                        next ^= m[k - i] << i;
                    }
                }
                m[k] = next;
            }
        }
        long[] v = new long[BITS];
        for (int k = 1; k <= BITS; k++) {
            v[k - 1] = m[k] << (BITS - k);
        }
        return v;
    }

    /**
     * Left-multiplies every direction number by a random lower-triangular binary matrix with unit diagonal: output
     * digit r mixes input digits 1..r, so each elementary interval still maps onto one of the same size.
     */
    private static long[] scrambled(long[] v, SplittableRandom random) {
        long[] rows = new long[BITS];
        for (int r = 1; r <= BITS; r++) {
            long own = 1L << (BITS - r);
            long higher = (0xFFFFFFFFL & ~((own << 1) - 1));
            rows[r - 1] = own | (random.nextLong() & higher);
        }
        long[] out = new long[BITS];
        for (int k = 0; k < BITS; k++) {
            long w = 0L;
            for (int r = 1; r <= BITS; r++) {
                if ((Long.bitCount(v[k] & rows[r - 1]) & 1) != 0) {
                    w |= 1L << (BITS - r);
                }
            }
            out[k] = w;
        }
        return out;
    }

    static long mix(long seed, long salt) {
        long h = seed * 0x9E3779B97F4A7C15L + salt;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
