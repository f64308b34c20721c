package io.branchwise.space.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The volume dominated by a set of minimisation vectors and bounded by a reference point. Exact: a sweep for two
 * objectives, slicing into 2-D sweeps for three, and the same slicing recursively beyond (fine for the front
 * sizes a search produces). Points not strictly better than the reference in every objective add nothing.
 */
public final class Hypervolume {
    private Hypervolume() {
    }

    public static double of(double[][] points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            if (p.length != reference.length) {
                throw new IllegalArgumentException("a point has " + p.length + " objectives, the reference " + reference.length);
            }
            boolean strictlyBetter = true;
            for (int i = 0; i < p.length; i++) {
                if (!(p[i] < reference[i])) {
                    strictlyBetter = false;
                    break;
                }
            }
            if (strictlyBetter) {
                inside.add(p);
            }
        }
        return volume(inside, reference, reference.length);
    }

    /** How much the volume shrinks without each point: its exclusive contribution. */
    public static double[] contributions(double[][] points, double[] reference) {
        double total = of(points, reference);
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            double[][] rest = new double[points.length - 1][];
            for (int j = 0, k = 0; j < points.length; j++) {
                if (j != i) {
                    rest[k++] = points[j];
                }
            }
            out[i] = total - of(rest, reference);
        }
        return out;
    }

    /** Volume in the first {@code dims} objectives of points already known to be inside the reference box. */
    private static double volume(List<double[]> points, double[] reference, int dims) {
        if (points.isEmpty()) {
            return 0.0;
        }
        if (dims == 1) {
            double best = reference[0];
            for (double[] p : points) {
                best = Math.min(best, p[0]);
            }
            return reference[0] - best;
        }
        if (dims == 2) {
            return sweep2d(points, reference);
        }
        // Slice along the last objective: between consecutive levels the cross-section is the volume of the
        // points at or below that level in the remaining objectives.
        int last = dims - 1;
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(p -> p[last]));
        double total = 0.0;
        List<double[]> active = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            active.add(sorted.get(i));
            double top = i + 1 < sorted.size() ? sorted.get(i + 1)[last] : reference[last];
            double height = top - sorted.get(i)[last];
            if (height > 0) {
                total += height * volume(nonDominated(active, last), reference, last);
            }
        }
        return total;
    }

    private static double sweep2d(List<double[]> points, double[] reference) {
        double[][] sorted = points.toArray(new double[0][]);
        Arrays.sort(sorted, Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        double area = 0.0;
        double bestY = reference[1];
        for (double[] p : sorted) {
            if (p[1] < bestY) {
                area += (reference[0] - p[0]) * (bestY - p[1]);
                bestY = p[1];
            }
        }
        return area;
    }

    /** Drops points dominated in the first {@code dims} objectives; they cannot change the slice's volume. */
    private static List<double[]> nonDominated(List<double[]> points, int dims) {
        List<double[]> kept = new ArrayList<>();
        outer:
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            for (int j = 0; j < points.size(); j++) {
                if (i != j && weaklyDominates(points.get(j), p, dims) && (!weaklyDominates(p, points.get(j), dims) || j < i)) {
                    continue outer;
                }
            }
            kept.add(p);
        }
        return kept;
    }

    private static boolean weaklyDominates(double[] a, double[] b, int dims) {
        for (int k = 0; k < dims; k++) {
            if (a[k] > b[k]) {
                return false;
            }
        }
        return true;
    }
}
