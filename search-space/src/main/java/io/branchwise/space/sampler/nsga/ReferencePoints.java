package io.branchwise.space.sampler.nsga;

import java.util.ArrayList;
import java.util.List;

/**
 * Das and Dennis (1998) structured points on the unit simplex: every vector of non-negative multiples of 1/p
 * summing to 1. There are C(m + p - 1, p) of them for m objectives and p divisions.
 */
public final class ReferencePoints {
    private ReferencePoints() {
    }

    public static double[][] dasDennis(int objectives, int divisions) {
        if (objectives < 1 || divisions < 1) {
            throw new IllegalArgumentException("need objectives >= 1 and divisions >= 1, got " + objectives + ", " + divisions);
        }
        List<double[]> points = new ArrayList<>();
        fill(new int[objectives], 0, divisions, divisions, points);
        return points.toArray(new double[0][]);
    }

    /** How many points {@link #dasDennis} makes, without making them. */
    public static long count(int objectives, int divisions) {
        // C(divisions + objectives - 1, objectives - 1), computed incrementally so it stays exact.
        long c = 1;
        for (int i = 1; i < objectives; i++) {
            c = c * (divisions + i) / i;
        }
        return c;
    }

    /**
     * The most divisions whose point count still fits the population, so that every reference point can hold a
     * survivor (at least 1). One objective has a single point whatever the divisions.
     */
    public static int divisionsFor(int objectives, int populationSize) {
        if (objectives == 1) {
            return 1;
        }
        int p = 1;
        while (p < populationSize && count(objectives, p + 1) <= populationSize) {
            p++;
        }
        return p;
    }

    private static void fill(int[] parts, int index, int left, int divisions, List<double[]> out) {
        if (index == parts.length - 1) {
            parts[index] = left;
            double[] point = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                point[i] = (double) parts[i] / divisions;
            }
            out.add(point);
            return;
        }
        for (int k = 0; k <= left; k++) {
            parts[index] = k;
            fill(parts, index + 1, left - k, divisions, out);
        }
    }
}
