package io.branchwise.space.grouping;

import io.branchwise.space.layout.TaskPartitions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses which tasks share a branch from an {@link AffinityMatrix}, with TAG's objective (Fifty et al. 2021):
 * each task j in a group G scores the mean affinity Z(i→j) it receives from the other members i of G, and a
 * partition scores the sum over tasks. A task alone in its group receives no transfer and scores
 * {@code singletonScore} (default 0, the affinity of a step that leaves the loss unchanged), so a task joins a
 * group only when the others help it on average. At most {@code maxGroups} groups (the branch budget). Because
 * the objective averages, splitting a coherent group into sub-groups of two or more costs nothing in expectation
 * (each member still averages the same affinity), so the budget is what sets the granularity: give the number of
 * branches you can afford, not "unlimited", when groups are expected to be larger than three.
 *
 * <p>For a group G the member scores add up to S(G) / (|G| − 1), where S(G) sums Z over ordered pairs in G, so
 * S(G) can be updated in O(|G|) when a task joins. Up to {@code exactUpTo} tasks (default 12) every partition
 * within the budget is enumerated depth-first with that incremental update (Bell(12) ≈ 4.2 M leaves in well under
 * a second); no bound is used because the mean makes a group's score non-monotone in its members. Beyond that, a
 * beam search assigns tasks one by one keeping the {@code beamWidth} best partial partitions, then improves the
 * winner by moving single tasks while that helps.
 */
public final class TaskGrouping {
    private final int maxGroups;
    private final double singletonScore;
    private final int exactUpTo;
    private final int beamWidth;

    private TaskGrouping(Builder b) {
        this.maxGroups = b.maxGroups;
        this.singletonScore = b.singletonScore;
        this.exactUpTo = b.exactUpTo;
        this.beamWidth = b.beamWidth;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The best partition found; ties go to the earliest in canonical partition order (exact) or beam order. */
    public Grouping search(AffinityMatrix affinity) {
        int n = affinity.size();
        int budget = maxGroups <= 0 ? n : Math.min(maxGroups, n);
        if (n <= exactUpTo) {
            Exhaustive search = new Exhaustive(affinity, budget);
            search.run();
            return Grouping.of(affinity.tasks(), search.best, search.bestScore, true);
        }
        int[] labels = beam(affinity, budget);
        labels = improve(affinity, labels, budget);
        return Grouping.of(affinity.tasks(), labels, score(affinity, labels), false);
    }

    /** TAG's objective for a partition given as block labels (any numbering). */
    public double score(AffinityMatrix affinity, int[] labels) {
        if (labels.length != affinity.size()) {
            throw new IllegalArgumentException(labels.length + " labels for " + affinity.size() + " tasks");
        }
        double total = 0;
        for (int j = 0; j < labels.length; j++) {
            double sum = 0;
            int others = 0;
            for (int i = 0; i < labels.length; i++) {
                if (i != j && labels[i] == labels[j]) {
                    sum += affinity.get(i, j);
                    others++;
                }
            }
            total += others == 0 ? singletonScore : sum / others;
        }
        return total;
    }

    private double groupScore(int size, double pairSum) {
        return size == 1 ? singletonScore : pairSum / (size - 1);
    }

    /** Pair-sum increase when task t joins the members of a group; {@code both[i][t]} is Z(i→t) + Z(t→i). */
    private static double link(double[][] both, int[] members, int size, int t) {
        double sum = 0;
        for (int k = 0; k < size; k++) {
            sum += both[members[k]][t];
        }
        return sum;
    }

    private static double[][] bothWays(AffinityMatrix z) {
        int n = z.size();
        double[][] both = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                both[i][j] = z.get(i, j) + z.get(j, i);
            }
        }
        return both;
    }

    private final class Exhaustive {
        private final double[][] both;
        private final int n;
        private final int budget;
        private final int[] labels;
        private final int[][] members;
        private final int[] sizes;
        private final double[] pairSums;
        private int[] best;
        private double bestScore = Double.NEGATIVE_INFINITY;

        Exhaustive(AffinityMatrix z, int budget) {
            this.both = bothWays(z);
            this.n = z.size();
            this.budget = budget;
            labels = new int[n];
            members = new int[budget][n];
            sizes = new int[budget];
            pairSums = new double[budget];
        }

        void run() {
            members[0][0] = 0;
            sizes[0] = 1;
            visit(1, 1, groupScore(1, 0));
        }

        private void visit(int t, int open, double total) {
            if (t == n) {
                if (total > bestScore) {
                    bestScore = total;
                    best = labels.clone();
                }
                return;
            }
            int highest = Math.min(open, budget - 1);
            for (int g = 0; g <= highest; g++) {
                double before = g < open ? groupScore(sizes[g], pairSums[g]) : 0;
                double delta = g < open ? link(both, members[g], sizes[g], t) : 0;
                labels[t] = g;
                members[g][sizes[g]++] = t;
                pairSums[g] += delta;
                visit(t + 1, Math.max(open, g + 1), total - before + groupScore(sizes[g], pairSums[g]));
                pairSums[g] -= delta;
                sizes[g]--;
            }
        }
    }

    private record Partial(int[] labels, int[][] members, int[] sizes, double[] pairSums, int open, double total) {
        Partial extend(double[][] both, int t, int g, TaskGrouping rules) {
            int[][] m = new int[members.length][];
            for (int k = 0; k < m.length; k++) {
                m[k] = k == g ? members[k].clone() : members[k];
            }
            int[] s = sizes.clone();
            double[] p = pairSums.clone();
            int[] l = labels.clone();
            double before = g < open ? rules.groupScore(s[g], p[g]) : 0;
            p[g] += g < open ? link(both, m[g], s[g], t) : 0;
            m[g][s[g]++] = t;
            l[t] = g;
            return new Partial(l, m, s, p, Math.max(open, g + 1), total - before + rules.groupScore(s[g], p[g]));
        }
    }

    private int[] beam(AffinityMatrix z, int budget) {
        int n = z.size();
        double[][] both = bothWays(z);
        int[][] members = new int[budget][];
        for (int g = 0; g < budget; g++) {
            members[g] = new int[n];
        }
        members[0][0] = 0;
        int[] sizes = new int[budget];
        sizes[0] = 1;
        List<Partial> beam = List.of(new Partial(new int[n], members, sizes, new double[budget], 1, groupScore(1, 0)));
        for (int t = 1; t < n; t++) {
            List<Partial> next = new ArrayList<>();
            for (Partial p : beam) {
                for (int g = 0; g <= Math.min(p.open(), budget - 1); g++) {
                    next.add(p.extend(both, t, g, this));
                }
            }
            // Stable sort keeps expansion order among ties, so the result is deterministic.
            next.sort(Comparator.comparingDouble(Partial::total).reversed());
            beam = next.subList(0, Math.min(beamWidth, next.size()));
        }
        return beam.get(0).labels();
    }

    /** Moves single tasks to another (or a new) group while that raises the score. */
    private int[] improve(AffinityMatrix z, int[] start, int budget) {
        int[] labels = start.clone();
        double current = score(z, labels);
        boolean improved = true;
        while (improved) {
            improved = false;
            for (int t = 0; t < labels.length; t++) {
                int used = Arrays.stream(labels).max().orElse(0) + 1;
                int original = labels[t];
                int bestGroup = original;
                double bestScore = current;
                for (int g = 0; g < Math.min(used + 1, budget); g++) {
                    if (g == original) {
                        continue;
                    }
                    labels[t] = g;
                    double s = score(z, labels);
                    if (s > bestScore + 1e-12) {
                        bestScore = s;
                        bestGroup = g;
                    }
                }
                labels[t] = bestGroup;
                if (bestGroup != original) {
                    labels = TaskPartitions.canonical(labels);
                    current = bestScore;
                    improved = true;
                }
            }
        }
        return labels;
    }

    public static final class Builder {
        private int maxGroups = 0;
        private double singletonScore = 0.0;
        private int exactUpTo = 12;
        private int beamWidth = 256;

        /** The branch budget: at most this many groups; 0 or less means no limit. */
        public Builder maxGroups(int maxGroups) {
            this.maxGroups = maxGroups;
            return this;
        }

        public Builder singletonScore(double singletonScore) {
            if (!Double.isFinite(singletonScore)) {
                throw new IllegalArgumentException("singleton score must be finite, got " + singletonScore);
            }
            this.singletonScore = singletonScore;
            return this;
        }

        /** Largest task count searched exhaustively; past it, beam search. */
        public Builder exactUpTo(int exactUpTo) {
            this.exactUpTo = exactUpTo;
            return this;
        }

        public Builder beamWidth(int beamWidth) {
            if (beamWidth < 1) {
                throw new IllegalArgumentException("beam width must be >= 1, got " + beamWidth);
            }
            this.beamWidth = beamWidth;
            return this;
        }

        public TaskGrouping build() {
            return new TaskGrouping(this);
        }
    }
}
