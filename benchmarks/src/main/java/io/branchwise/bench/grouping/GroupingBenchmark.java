package io.branchwise.bench.grouping;

import io.branchwise.space.grouping.AdjustedRandIndex;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.grouping.Grouping;
import io.branchwise.space.grouping.TaskGrouping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Times the task-grouping search on noisy affinity matrices with planted groups and scores what it recovers.
 *
 * <pre>java -cp benchmarks/target/branchwise-benchmarks.jar io.branchwise.bench.grouping.GroupingBenchmark
 *     [--tasks 12] [--groups 3] [--repeats 5]</pre>
 */
public final class GroupingBenchmark {
    private GroupingBenchmark() {
    }

    public static void main(String[] args) {
        int tasks = 12;
        int groups = 3;
        int repeats = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tasks" -> tasks = Integer.parseInt(args[++i]);
                case "--groups" -> groups = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (expected --tasks N, --groups G, --repeats R)");
            }
        }
        // Warm the JIT on a small case so the first timed search measures the algorithm, not class loading.
        TaskGrouping.builder().maxGroups(2).build().search(planted(6, 2, new Random(99), new int[6]));
        System.out.printf(Locale.ROOT, "%d tasks, %d planted groups, noise sd 0.05%n", tasks, groups);
        for (int budget : new int[] {groups, tasks}) {
            TaskGrouping search = TaskGrouping.builder().maxGroups(budget).build();
            List<Double> millis = new ArrayList<>();
            double ariSum = 0;
            boolean exact = false;
            for (int r = 0; r < repeats; r++) {
                int[] truth = new int[tasks];
                AffinityMatrix matrix = planted(tasks, groups, new Random(r), truth);
                long start = System.nanoTime();
                Grouping found = search.search(matrix);
                millis.add((System.nanoTime() - start) / 1e6);
                ariSum += AdjustedRandIndex.of(truth, found.labelArray());
                exact = found.exact();
            }
            System.out.printf(Locale.ROOT, "budget %2d groups: %s search, mean %.1f ms, max %.1f ms, mean ARI %.3f%n",
                    budget, exact ? "exact" : "beam", millis.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                    millis.stream().mapToDouble(Double::doubleValue).max().orElse(0), ariSum / repeats);
        }
    }

    /** Affinity 0.4 inside a planted group, 0 across, plus Gaussian noise; fills {@code truth} with the groups. */
    static AffinityMatrix planted(int tasks, int groups, Random random, int[] truth) {
        List<String> names = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            truth[t] = t % groups;
            names.add("t" + t);
        }
        double[][] z = new double[tasks][tasks];
        for (int i = 0; i < tasks; i++) {
            for (int j = 0; j < tasks; j++) {
                z[i][j] = (truth[i] == truth[j] ? 0.4 : 0.0) + 0.05 * random.nextGaussian();
            }
        }
        return new AffinityMatrix(names, z);
    }
}
