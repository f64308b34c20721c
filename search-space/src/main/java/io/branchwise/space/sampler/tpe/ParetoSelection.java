package io.branchwise.space.sampler.tpe;

import io.branchwise.space.pareto.Dominance;
import io.branchwise.space.pareto.Hypervolume;

import java.util.ArrayList;
import java.util.List;

/**
 * The multi-objective half of MOTPE: which COMPLETE trials are good (whole non-dominated fronts, best first, and
 * from the front that does not fit entirely, the subset that greedily adds the most hypervolume), and how much
 * each good trial weighs (its exclusive hypervolume contribution, relative to the largest). The reference point
 * is Optuna's: the worst value of each objective, pushed 10% further out. Points with a non-finite objective add
 * no measurable volume, so they get the smallest weight.
 */
final class ParetoSelection {
    private ParetoSelection() {
    }

    static List<Integer> best(Observations obs, List<Integer> complete, int k) {
        List<Integer> chosen = new ArrayList<>();
        if (k <= 0) {
            return chosen;
        }
        double[] reference = reference(obs, complete);
        List<Integer> remaining = new ArrayList<>(complete);
        while (chosen.size() < k && !remaining.isEmpty()) {
            List<Integer> front = front(obs, remaining);
            remaining.removeAll(front);
            if (chosen.size() + front.size() <= k) {
                chosen.addAll(front);
            } else {
                chosen.addAll(greedySubset(obs, front, k - chosen.size(), reference));
            }
        }
        return chosen;
    }

    static double[] belowWeights(Observations obs, int[] below, double eps) {
        double[] weights = new double[below.length];
        List<Integer> scored = new ArrayList<>();
        for (int j = 0; j < below.length; j++) {
            int i = below[j];
            weights[j] = eps;
            if (obs.kind(i) == Observations.Kind.COMPLETE && obs.violation(i) <= 0 && finite(obs.objectives(i))) {
                scored.add(j);
            }
        }
        if (scored.size() == 1) {
            weights[scored.get(0)] = 1.0;
        }
        if (scored.size() < 2) {
            return weights;
        }
        List<Integer> indices = new ArrayList<>();
        for (int j : scored) {
            indices.add(below[j]);
        }
        double[][] points = points(obs, indices);
        double[] contributions = Hypervolume.contributions(points, reference(obs, indices));
        double max = 0;
        for (double c : contributions) {
            max = Math.max(max, c + eps);
        }
        for (int s = 0; s < scored.size(); s++) {
            weights[scored.get(s)] = Math.max(eps, Math.min(1.0, (contributions[s] + eps) / max));
        }
        return weights;
    }

    /** Non-dominated members of {@code candidates}, kept in their order (an archive, O(n·front)). */
    private static List<Integer> front(Observations obs, List<Integer> candidates) {
        List<Integer> front = new ArrayList<>();
        for (int i : candidates) {
            double[] p = obs.objectives(i);
            boolean dominated = false;
            for (int f : front) {
                if (Dominance.dominates(obs.objectives(f), p)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.removeIf(f -> Dominance.dominates(p, obs.objectives(f)));
                front.add(i);
            }
        }
        front.sort(null);
        return front;
    }

    private static List<Integer> greedySubset(Observations obs, List<Integer> front, int k, double[] reference) {
        List<Integer> chosen = new ArrayList<>();
        List<Integer> left = new ArrayList<>(front);
        double volume = 0;
        while (chosen.size() < k) {
            int bestAt = 0;
            double bestVolume = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < left.size(); c++) {
                List<Integer> trial = new ArrayList<>(chosen);
                trial.add(left.get(c));
                double v = finite(obs.objectives(left.get(c))) ? Hypervolume.of(points(obs, trial), reference) : volume;
                if (v > bestVolume) {
                    bestVolume = v;
                    bestAt = c;
                }
            }
            volume = bestVolume;
            chosen.add(left.remove(bestAt));
        }
        return chosen;
    }

    private static double[] reference(Observations obs, List<Integer> indices) {
        double[] worst = new double[obs.objectiveCount()];
        java.util.Arrays.fill(worst, Double.NEGATIVE_INFINITY);
        for (int i : indices) {
            double[] p = obs.objectives(i);
            for (int m = 0; m < worst.length; m++) {
                if (Double.isFinite(p[m])) {
                    worst[m] = Math.max(worst[m], p[m]);
                }
            }
        }
        double[] reference = new double[worst.length];
        for (int m = 0; m < worst.length; m++) {
            double w = Double.isFinite(worst[m]) ? worst[m] : 0.0;
            reference[m] = Math.max(1.1 * w, 0.9 * w);
            if (reference[m] == 0) {
                reference[m] = 1e-12;
            }
        }
        return reference;
    }

    private static double[][] points(Observations obs, List<Integer> indices) {
        double[][] points = new double[indices.size()][];
        for (int j = 0; j < points.length; j++) {
            points[j] = obs.objectives(indices.get(j));
        }
        return points;
    }

    private static boolean finite(double[] p) {
        for (double v : p) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
