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
    private final boolean[] isBelow;
    private final double[] belowWeights;

    private GoodBadSplit(int[] below, int[] above, boolean[] isBelow, double[] belowWeights) {
        this.below = below;
        this.above = above;
        this.isBelow = isBelow;
        this.belowWeights = belowWeights;
    }

    /** @param nBelow how many observations to call good: gamma(number of finished observations) */
    static GoodBadSplit of(Observations obs, int nBelow) {
        int size = obs.size();
        int[] complete = new int[size];
        int completeCount = 0;
        List<Integer> pruned = new ArrayList<>();
        List<Integer> infeasible = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Observations.Kind k = obs.kind(i);
            if (k == Observations.Kind.RUNNING) {
                continue;
            }
            if (obs.violation(i) > 0) {
                infeasible.add(i);
            } else if (k == Observations.Kind.COMPLETE) {
                complete[completeCount++] = i;
            } else {
                pruned.add(i);
            }
        }
        boolean[] isBelow = new boolean[size];
        int remaining = Math.max(0, nBelow);
        if (obs.objectiveCount() == 1) {
            remaining -= markBestSingleObjective(obs, complete, completeCount, remaining, isBelow);
        } else {
            List<Integer> candidates = new ArrayList<>(completeCount);
            for (int j = 0; j < completeCount; j++) {
                candidates.add(complete[j]);
            }
            remaining -= mark(ParetoSelection.best(obs, candidates, remaining), isBelow);
        }
        pruned.sort(Comparator.<Integer>comparingLong(i -> -obs.lastStep(i)).thenComparingDouble(obs::lastValue));
        remaining -= mark(pruned.subList(0, Math.min(remaining, pruned.size())), isBelow);
        infeasible.sort(Comparator.comparingDouble(obs::violation));
        mark(infeasible.subList(0, Math.min(remaining, infeasible.size())), isBelow);

        int belowCount = 0;
        for (boolean b : isBelow) {
            belowCount += b ? 1 : 0;
        }
        int[] below = new int[belowCount];
        int[] above = new int[size - belowCount];
        for (int i = 0, b = 0, a = 0; i < size; i++) {
            if (isBelow[i]) {
                below[b++] = i;
            } else {
                above[a++] = i;
            }
        }
        double[] weights = obs.objectiveCount() == 1 ? null : ParetoSelection.belowWeights(obs, below, EPS);
        return new GoodBadSplit(below, above, isBelow, weights);
    }

    int[] below() {
        return below;
    }

    int[] above() {
        return above;
    }

    /** Whether observation i is good; RUNNING ones (constant liar) never are. */
    boolean isBelow(int i) {
        return isBelow[i];
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

    /**
     * Marks the k lowest values, ties to the earlier trial, found by insertion into a short sorted array.
     * @return how many were marked
     */
    private static int markBestSingleObjective(Observations obs, int[] complete, int count, int k, boolean[] isBelow) {
        int[] best = new int[k];
        double[] bestValue = new double[k];
        int held = 0;
        for (int j = 0; j < count; j++) {
            int i = complete[j];
            double v = obs.value(i);
            if (held == k && (k == 0 || !(v < bestValue[held - 1]))) {
                continue;
            }
            int pos = held == k ? k - 1 : held++;
            while (pos > 0 && v < bestValue[pos - 1]) {
                best[pos] = best[pos - 1];
                bestValue[pos] = bestValue[pos - 1];
                pos--;
            }
            best[pos] = i;
            bestValue[pos] = v;
        }
        for (int j = 0; j < held; j++) {
            isBelow[best[j]] = true;
        }
        return held;
    }
}
