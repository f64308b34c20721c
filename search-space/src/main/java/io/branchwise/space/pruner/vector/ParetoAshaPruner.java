package io.branchwise.space.pruner.vector;

import io.branchwise.space.pareto.Dominance;
import io.branchwise.space.pareto.NonDominatedSort;
import io.branchwise.space.pruner.Pruner;
import io.branchwise.space.pruner.Rungs;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving on per-task vectors ({@link FrozenTrial#taskValues()}), for multi-task studies
 * where no single number says which trial is ahead. Rungs are those of {@link Rungs}; when a trial's report first
 * crosses a rung, its task vector is compared with the other trials' vectors at that rung (each trial's vector at
 * its first reported step at or after the rung step, as the scalar {@code SuccessiveHalvingPruner} derives its
 * rung records), and:
 * <ul>
 *   <li>by default, it goes on when it is in the best {@code max(1, n / reductionFactor)} of the {@code n}
 *       competitors (itself included) by non-dominated rank: fronts are admitted best first, and the front that
 *       crosses the quota is admitted whole, so a non-dominated vector is never pruned;</li>
 *   <li>with {@link Builder#prunedWhenDominatedBy(int) prunedWhenDominatedBy(k)}, it is pruned when at least
 *       {@code k} competitors' vectors dominate it.</li>
 * </ul>
 * A vector containing NaN is pruned; competitors with NaN are left out. Works on any study, multi-objective or not.
 */
public final class ParetoAshaPruner implements Pruner {
    private final List<StudyDirection> taskDirections;
    private final Rungs rungs;
    private final Integer dominatorLimit;

    private ParetoAshaPruner(Builder builder) {
        this.taskDirections = builder.taskDirections;
        this.rungs = new Rungs(builder.minResource, builder.reductionFactor, builder.minEarlyStoppingRate);
        this.dominatorLimit = builder.dominatorLimit;
    }

    public static Builder builder(List<StudyDirection> taskDirections) {
        return new Builder(taskDirections);
    }

    @Override
    public boolean prune(StudyView study, FrozenTrial trial) {
        if (trial.taskValues().isEmpty()) {
            return false;
        }
        Map.Entry<Long, List<Double>> latest = trial.taskValues().lastEntry();
        double[] mine = Dominance.toMinimization(
                TaskVectors.checked(trial, latest.getKey(), latest.getValue(), taskDirections.size()), taskDirections);
        Long previous = trial.taskValues().lowerKey(latest.getKey());
        for (int rung : rungs.crossed(previous == null ? -1 : previous, latest.getKey())) {
            if (containsNaN(mine)) {
                return true;
            }
            List<double[]> others = vectorsAtRung(study, rungs.step(rung), trial.number());
            if (isCut(mine, others)) {
                return true;
            }
        }
        return false;
    }

    private boolean isCut(double[] mine, List<double[]> others) {
        if (dominatorLimit != null) {
            int dominators = 0;
            for (double[] other : others) {
                if (Dominance.dominates(other, mine)) {
                    dominators++;
                }
            }
            return dominators >= dominatorLimit;
        }
        double[][] all = new double[others.size() + 1][];
        for (int i = 0; i < others.size(); i++) {
            all[i] = others.get(i);
        }
        all[others.size()] = mine;
        int[] ranks = NonDominatedSort.ranks(all);
        int myRank = ranks[others.size()];
        int ahead = 0;
        for (int rank : ranks) {
            if (rank < myRank) {
                ahead++;
            }
        }
        int quota = Math.max(1, all.length / rungs.reductionFactor());
        return ahead >= quota;
    }

    private List<double[]> vectorsAtRung(StudyView study, long rungStep, int excluded) {
        List<double[]> vectors = new ArrayList<>();
        for (FrozenTrial t : study.trials()) {
            if (t.number() == excluded) {
                continue;
            }
            Map.Entry<Long, List<Double>> atRung = t.taskValues().ceilingEntry(rungStep);
            if (atRung == null) {
                continue;
            }
            double[] v = Dominance.toMinimization(
                    TaskVectors.checked(t, atRung.getKey(), atRung.getValue(), taskDirections.size()), taskDirections);
            if (!containsNaN(v)) {
                vectors.add(v);
            }
        }
        return vectors;
    }

    private static boolean containsNaN(double[] v) {
        for (double x : v) {
            if (Double.isNaN(x)) {
                return true;
            }
        }
        return false;
    }

    public static final class Builder {
        private final List<StudyDirection> taskDirections;
        private long minResource = 1;
        private int reductionFactor = 3;
        private int minEarlyStoppingRate = 0;
        private Integer dominatorLimit;

        private Builder(List<StudyDirection> taskDirections) {
            if (taskDirections.isEmpty()) {
                throw new IllegalArgumentException("a vector pruner needs at least one task direction");
            }
            this.taskDirections = List.copyOf(taskDirections);
        }

        /** Step of the first rung (default 1). */
        public Builder minResource(long minResource) {
            this.minResource = minResource;
            return this;
        }

        /** Rung spacing and, by default, the kept share 1/reductionFactor (default 3). */
        public Builder reductionFactor(int reductionFactor) {
            this.reductionFactor = reductionFactor;
            return this;
        }

        /** Shifts the first rung to minResource * reductionFactor^rate (default 0). */
        public Builder minEarlyStoppingRate(int minEarlyStoppingRate) {
            this.minEarlyStoppingRate = minEarlyStoppingRate;
            return this;
        }

        /** Prune a trial whose vector at a rung is dominated by at least {@code k} others, instead of the rank quota. */
        public Builder prunedWhenDominatedBy(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be at least 1, got " + k);
            }
            this.dominatorLimit = k;
            return this;
        }

        public ParetoAshaPruner build() {
            return new ParetoAshaPruner(this);
        }
    }
}
