package io.branchwise.builtin.data.synthetic;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The task-correlation matrix P of the synthetic benchmark (cos(w_i, w_j) = P_ij) and the planted partition of
 * tasks into groups that a grouping method should recover.
 *
 * @param matrix symmetric, unit diagonal, positive definite
 * @param groups per task, its group number; groups are numbered in order of their first task
 */
public record TaskCorrelation(double[][] matrix, int[] groups) {
    /** Tasks correlated at least this much are in one planted group when P is given explicitly. */
    public static final double LINK = 0.5;
    /**
     * The most tasks a benchmark may have. P is T×T and its Cholesky factor takes T³ steps, so a spec must not be
     * able to ask for millions; multi-task benchmarks have tens.
     */
    static final int MAX_TASKS = 1000;
    private static final double EXACT = 1e-9;

    public int tasks() {
        return matrix.length;
    }

    /** Reads {@code correlation} or {@code groups} (+ {@code intra}, {@code inter}) and {@code tasks}. */
    static TaskCorrelation from(Options o) {
        if (o.has("correlation") == o.has("groups")) {
            throw new SpecException(o.path("correlation"), o.has("groups")
                    ? "give correlation or groups, not both"
                    : "required: a T×T task-correlation matrix, or groups (e.g. groups: [3, 3]) with intra and inter correlations");
        }
        Integer tasks = o.has("tasks") ? o.integer("tasks", 0, 1) : null;
        if (tasks != null) {
            requireFewTasks(o, "tasks", tasks);
        }
        TaskCorrelation p = o.has("groups") ? fromGroups(o, tasks) : fromMatrix(o, tasks);
        try {
            Cholesky.lower(p.matrix);
        } catch (IllegalArgumentException e) {
            String key = o.has("groups") ? "groups" : "correlation";
            throw new SpecException(o.path(key), "the task correlations are " + e.getMessage()
                    + (o.has("groups") ? " (check intra " + o.number("intra", 0.9) + " and inter " + o.number("inter", 0.0) + ")" : ""));
        }
        return p;
    }

    private static TaskCorrelation fromMatrix(Options o, Integer tasks) {
        if (o.has("intra") || o.has("inter")) {
            throw new SpecException(o.path(o.has("intra") ? "intra" : "inter"), "only used with groups");
        }
        List<?> rows = o.list("correlation");
        int n = rows.size();
        if (tasks != null && tasks != n) {
            throw new SpecException(o.path("correlation"), "a " + n + "×" + n + " matrix for tasks: " + tasks);
        }
        if (n == 0) {
            throw new SpecException(o.path("correlation"), "must not be empty");
        }
        requireFewTasks(o, "correlation", n);
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            String rowPath = o.path("correlation") + "[" + i + "]";
            if (!(rows.get(i) instanceof List<?> row) || row.size() != n) {
                throw new SpecException(rowPath, "expected a row of " + n + " numbers (the matrix is square, one row per task)");
            }
            for (int j = 0; j < n; j++) {
                if (!(row.get(j) instanceof Number v) || !(Math.abs(v.doubleValue()) <= 1)) {
                    throw new SpecException(rowPath + "[" + j + "]", "expected a correlation in [−1, 1], got " + row.get(j));
                }
                p[i][j] = v.doubleValue();
            }
        }
        for (int i = 0; i < n; i++) {
            if (Math.abs(p[i][i] - 1) > EXACT) {
                throw new SpecException(o.path("correlation") + "[" + i + "][" + i + "]", "the diagonal must be 1 (a task's correlation with itself), got " + p[i][i]);
            }
            for (int j = 0; j < i; j++) {
                if (Math.abs(p[i][j] - p[j][i]) > EXACT) {
                    throw new SpecException(o.path("correlation") + "[" + i + "][" + j + "]", "the matrix must be symmetric: "
                            + p[i][j] + " here but " + p[j][i] + " at [" + j + "][" + i + "]");
                }
            }
        }
        return new TaskCorrelation(p, linked(p));
    }

    private static TaskCorrelation fromGroups(Options o, Integer tasks) {
        double intra = o.number("intra", 0.9, -1, 1);
        double inter = o.number("inter", 0.0, -1, 1);
        int[] groups = partition(o, tasks);
        int n = groups.length;
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p[i][j] = i == j ? 1 : groups[i] == groups[j] ? intra : inter;
            }
        }
        return new TaskCorrelation(p, groups);
    }

    /** {@code groups: [3, 3]} (sizes of consecutive runs) or {@code groups: [[0, 2], [1, 3]]} (task indices). */
    private static int[] partition(Options o, Integer tasks) {
        List<?> entries = o.list("groups");
        if (entries.isEmpty()) {
            throw new SpecException(o.path("groups"), "must not be empty");
        }
        boolean sizes = entries.get(0) instanceof Number;
        List<Integer> labels = new ArrayList<>();
        List<int[]> explicit = new ArrayList<>();
        long count = 0;
        for (int g = 0; g < entries.size(); g++) {
            String path = o.path("groups") + "[" + g + "]";
            Object e = entries.get(g);
            if (sizes) {
                if (!(e instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1) {
                    throw new SpecException(path, "expected a group size (a positive integer), got " + e
                            + "; give either all sizes or all lists of task indices");
                }
                count += (long) Math.min(n.doubleValue(), Integer.MAX_VALUE);
                requireFewTasks(o, "groups", count);
                for (int k = 0; k < n.intValue(); k++) {
                    labels.add(g);
                }
            } else {
                if (!(e instanceof List<?> members) || members.isEmpty()) {
                    throw new SpecException(path, "expected a non-empty list of task indices, got " + e
                            + "; give either all sizes or all lists of task indices");
                }
                count += members.size();
                requireFewTasks(o, "groups", count);
                int[] m = new int[members.size()];
                for (int k = 0; k < m.length; k++) {
                    Object v = members.get(k);
                    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 0) {
                        throw new SpecException(path + "[" + k + "]", "expected a task index (0, 1, …), got " + v);
                    }
                    m[k] = n.intValue();
                }
                explicit.add(m);
            }
        }
        int[] groups = sizes ? labels.stream().mapToInt(Integer::intValue).toArray() : fromMembers(o, explicit);
        if (tasks != null && tasks != groups.length) {
            throw new SpecException(o.path("groups"), "the groups hold " + groups.length + " tasks, but tasks: " + tasks);
        }
        return renumber(groups);
    }

    private static void requireFewTasks(Options o, String key, long tasks) {
        if (tasks > MAX_TASKS) {
            throw new SpecException(o.path(key), "more than " + MAX_TASKS + " tasks; the benchmark allows at most " + MAX_TASKS);
        }
    }

    private static int[] fromMembers(Options o, List<int[]> members) {
        int n = members.stream().mapToInt(m -> m.length).sum();
        int[] groups = new int[n];
        Arrays.fill(groups, -1);
        for (int g = 0; g < members.size(); g++) {
            for (int task : members.get(g)) {
                if (task >= n) {
                    throw new SpecException(o.path("groups"), "task " + task + " out of range: the groups list " + n
                            + " tasks, so indices run 0.." + (n - 1));
                }
                if (groups[task] >= 0) {
                    throw new SpecException(o.path("groups"), "task " + task + " is in more than one group");
                }
                groups[task] = g;
            }
        }
        return groups;
    }

    /** Connected components of the graph linking tasks with P_ij ≥ {@link #LINK}. */
    private static int[] linked(double[][] p) {
        int n = p.length;
        int[] groups = new int[n];
        Arrays.fill(groups, -1);
        int next = 0;
        for (int start = 0; start < n; start++) {
            if (groups[start] >= 0) {
                continue;
            }
            List<Integer> stack = new ArrayList<>(List.of(start));
            groups[start] = next;
            while (!stack.isEmpty()) {
                int i = stack.remove(stack.size() - 1);
                for (int j = 0; j < n; j++) {
                    if (groups[j] < 0 && p[i][j] >= LINK) {
                        groups[j] = next;
                        stack.add(j);
                    }
                }
            }
            next++;
        }
        return groups;
    }

    /** Group numbers in order of each group's first task, so equal partitions get equal arrays. */
    private static int[] renumber(int[] groups) {
        int[] map = new int[Arrays.stream(groups).max().orElse(0) + 1];
        Arrays.fill(map, -1);
        int next = 0;
        int[] out = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            if (map[groups[i]] < 0) {
                map[groups[i]] = next++;
            }
            out[i] = map[groups[i]];
        }
        return out;
    }
}
