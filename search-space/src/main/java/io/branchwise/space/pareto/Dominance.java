package io.branchwise.space.pareto;

import io.branchwise.space.study.StudyDirection;

import java.util.List;

/**
 * Pareto dominance over objective vectors. Every routine in this package works on <em>minimisation</em> vectors;
 * {@link #toMinimization} flips maximised objectives first, so callers never handle directions twice.
 */
public final class Dominance {
    private Dominance() {
    }

    /**
     * True when {@code a} is no worse than {@code b} everywhere and better somewhere (both minimised). A NaN on
     * either side makes the pair incomparable, as in Optuna, so a failed metric can never push a real trial off
     * the front.
     */
    public static boolean dominates(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("cannot compare a " + a.length + "-objective vector with a "
                    + b.length + "-objective one");
        }
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] <= b[i])) {
                return false;
            }
            if (a[i] < b[i]) {
                better = true;
            }
        }
        return better;
    }

    /** Negates maximised objectives. NaN stays NaN; callers that need a total order map it first. */
    public static double[] toMinimization(List<Double> values, List<StudyDirection> directions) {
        if (values.size() != directions.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + directions.size() + " directions");
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            double v = values.get(i);
            out[i] = directions.get(i) == StudyDirection.MAXIMIZE ? -v : v;
        }
        return out;
    }
}
