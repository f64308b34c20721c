package io.branchwise.space.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Deb's fast non-dominated sort on minimisation vectors. Rank 0 is the Pareto front. With constraints, the
 * constrained-domination rule applies: feasible beats infeasible, and among infeasible points the smaller total
 * violation is better, regardless of objectives.
 */
public final class NonDominatedSort {
    private NonDominatedSort() {
    }

    /** The front index of every point (0 = non-dominated). */
    public static int[] ranks(double[][] points) {
        return ranks(points, null);
    }

    /** @param violations total constraint violation per point (0 = feasible), or null when unconstrained */
    public static int[] ranks(double[][] points, double[] violations) {
        int n = points.length;
        int[] dominatedCount = new int[n];
        List<List<Integer>> dominates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dominates.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int c = compare(points, violations, i, j);
                if (c < 0) {
                    dominates.get(i).add(j);
                    dominatedCount[j]++;
                } else if (c > 0) {
                    dominates.get(j).add(i);
                    dominatedCount[i]++;
                }
            }
        }
        int[] rank = new int[n];
        Arrays.fill(rank, -1);
        List<Integer> front = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (dominatedCount[i] == 0) {
                front.add(i);
            }
        }
        int r = 0;
        while (!front.isEmpty()) {
            List<Integer> next = new ArrayList<>();
            for (int i : front) {
                rank[i] = r;
                for (int j : dominates.get(i)) {
                    if (--dominatedCount[j] == 0) {
                        next.add(j);
                    }
                }
            }
            front = next;
            r++;
        }
        return rank;
    }

    /** The points grouped by front, best front first. */
    public static List<List<Integer>> fronts(double[][] points, double[] violations) {
        int[] rank = ranks(points, violations);
        List<List<Integer>> fronts = new ArrayList<>();
        for (int i = 0; i < rank.length; i++) {
            while (fronts.size() <= rank[i]) {
                fronts.add(new ArrayList<>());
            }
            fronts.get(rank[i]).add(i);
        }
        return fronts;
    }

    /** Indices of the non-dominated points. */
    public static List<Integer> paretoFront(double[][] points) {
        List<List<Integer>> fronts = fronts(points, null);
        return fronts.isEmpty() ? List.of() : fronts.get(0);
    }

    /** Negative when i dominates j, positive when j dominates i, 0 otherwise. */
    private static int compare(double[][] points, double[] violations, int i, int j) {
        if (violations != null) {
            boolean fi = violations[i] <= 0;
            boolean fj = violations[j] <= 0;
            if (fi != fj) {
                return fi ? -1 : 1;
            }
            if (!fi) {
                return Double.compare(violations[i], violations[j]);
            }
        }
        if (Dominance.dominates(points[i], points[j])) {
            return -1;
        }
        if (Dominance.dominates(points[j], points[i])) {
            return 1;
        }
        return 0;
    }
}
