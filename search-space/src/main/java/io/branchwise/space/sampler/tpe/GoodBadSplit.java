package io.branchwise.space.sampler.tpe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits observations into the "good" (below) and "bad" (above) sets TPE contrasts. Following Optuna 3.x, the
 * ranking is: feasible COMPLETE trials by objective (non-dominated rank, then hypervolume subset selection, for
 * several objectives), then feasible PRUNED trials (deeper first, then by their last intermediate value), then
 * infeasible trials by total constraint violation; RUNNING trials (constant liar) are always bad. Both sets come
 * out in trial-number order, which the age weights rely on.
 */
final class GoodBadSplit {
    private static final double EPS = 1e-12;

    private final int[] below;
    private final int[] above;
    private final double[] belowWeights;

    private GoodBadSplit(int[] below, int[] above, double[] belowWeights) {
        this.below = below;
        this.above = above;
        this.belowWeights = belowWeights;
    }

    /** @param nBelow how many observations to call good: gamma(number of finished observations) */
    static GoodBadSplit of(Observations obs, int nBelow) {
        List<Integer> complete = new ArrayList<>();
        List<Integer> pruned = new ArrayList<>();
        List<Integer> infeasible = new ArrayList<>();
        for (int i = 0; i < obs.size(); i++) {
            Observations.Kind k = obs.kind(i);
            if (k == Observations.Kind.RUNNING) {
                continue;
            }
            if (obs.violation(i) > 0) {
                infeasible.add(i);
            } else if (k == Observations.Kind.COMPLETE) {
                complete.add(i);
            } else {
                pruned.add(i);
            }
        }
        boolean[] isBelow = new boolean[obs.size()];
        int remaining = Math.max(0, nBelow);
        List<Integer> good = obs.objectiveCount() == 1
                ? bestSingleObjective(obs, complete, remaining)
                : ParetoSelection.best(obs, complete, remaining);
        remaining -= mark(good, isBelow);
        pruned.sort(Comparator.<Integer>comparingLong(i -> -obs.lastStep(i)).thenComparingDouble(obs::lastValue));
        remaining -= mark(pruned.subList(0, Math.min(remaining, pruned.size())), isBelow);
        infeasible.sort(Comparator.comparingDouble(obs::violation));
        mark(infeasible.subList(0, Math.min(remaining, infeasible.size())), isBelow);

        int belowCount = 0;
        for (boolean b : isBelow) {
            belowCount += b ? 1 : 0;
        }
        int[] below = new int[belowCount];
        int[] above = new int[obs.size() - belowCount];
        for (int i = 0, b = 0, a = 0; i < obs.size(); i++) {
            if (isBelow[i]) {
                below[b++] = i;
            } else {
                above[a++] = i;
            }
        }
        double[] weights = obs.objectiveCount() == 1 ? null : ParetoSelection.belowWeights(obs, below, EPS);
        return new GoodBadSplit(below, above, weights);
    }

    int[] below() {
        return below;
    }

    int[] above() {
        return above;
    }

    /** Weights of the good observations for several objectives (hypervolume contributions), else null. */
    double[] belowWeights() {
        return belowWeights;
    }

    private static int mark(List<Integer> chosen, boolean[] isBelow) {
        for (int i : chosen) {
            isBelow[i] = true;
        }
        return chosen.size();
    }

    /** The k lowest values, ties to the earlier trial, by insertion into a short sorted list. */
    private static List<Integer> bestSingleObjective(Observations obs, List<Integer> complete, int k) {
        int[] best = new int[k];
        int held = 0;
        for (int i : complete) {
            double v = obs.objectives(i)[0];
            if (held == k && (k == 0 || !(v < obs.objectives(best[held - 1])[0]))) {
                continue;
            }
            int pos = held == k ? k - 1 : held++;
            while (pos > 0 && v < obs.objectives(best[pos - 1])[0]) {
                best[pos] = best[pos - 1];
                pos--;
            }
            best[pos] = i;
        }
        List<Integer> out = new ArrayList<>(held);
        for (int j = 0; j < held; j++) {
            out.add(best[j]);
        }
        return out;
    }
}
