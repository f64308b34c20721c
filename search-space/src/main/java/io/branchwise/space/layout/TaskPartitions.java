package io.branchwise.space.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * All set partitions of n tasks into at most {@code maxBlocks} blocks, in a canonical order, with index ↔
 * partition in O(n·B). A partition is written as a restricted growth string: {@code labels[i]} is the block of
 * task i, blocks are numbered in order of first appearance (so {@code labels[0] == 0}), and partitions are ordered
 * lexicographically by that string. Without a block limit there are Bell(n) of them: 1, 1, 2, 5, 15, 52, 203, …
 */
public final class TaskPartitions {
    private final int n;
    private final int maxBlocks;
    /** completions[r][m]: ways to label r more tasks when m blocks are already open. */
    private final long[][] completions;

    public TaskPartitions(int n) {
        this(n, Math.max(1, n));
    }

    public TaskPartitions(int n, int maxBlocks) {
        if (n < 0) {
            throw new IllegalArgumentException("task count must be >= 0, got " + n);
        }
        if (maxBlocks < 1) {
            throw new IllegalArgumentException("at most maxBlocks >= 1 blocks, got " + maxBlocks);
        }
        this.n = n;
        this.maxBlocks = Math.min(maxBlocks, Math.max(1, n));
        completions = new long[n + 1][this.maxBlocks + 1];
        for (int m = 0; m <= this.maxBlocks; m++) {
            completions[0][m] = 1;
        }
        try {
            for (int r = 1; r <= n; r++) {
                for (int m = 0; m <= this.maxBlocks; m++) {
                    long join = Math.multiplyExact((long) m, completions[r - 1][m]);
                    long open = m < this.maxBlocks ? completions[r - 1][m + 1] : 0;
                    completions[r][m] = Math.addExact(join, open);
                }
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("too many partitions of " + n + " tasks into at most " + maxBlocks
                    + " blocks to index with a long", e);
        }
    }

    /** Bell(n): the number of partitions of n tasks. */
    public static long bell(int n) {
        return new TaskPartitions(n).count();
    }

    public int taskCount() {
        return n;
    }

    public int maxBlocks() {
        return maxBlocks;
    }

    public long count() {
        return completions[n][0];
    }

    /** The partition at {@code index} in canonical order. */
    public int[] get(long index) {
        if (index < 0 || index >= count()) {
            throw new IndexOutOfBoundsException("partition index " + index + " not in [0, " + count() + ")");
        }
        int[] labels = new int[n];
        int open = 0;
        for (int i = 0; i < n; i++) {
            int remaining = n - 1 - i;
            int highest = Math.min(open, maxBlocks - 1);
            for (int c = 0; c <= highest; c++) {
                long ways = completions[remaining][Math.max(open, c + 1)];
                if (index < ways) {
                    labels[i] = c;
                    open = Math.max(open, c + 1);
                    break;
                }
                index -= ways;
            }
        }
        return labels;
    }

    /** The index of a partition given by any block labels (they are renumbered canonically first). */
    public long indexOf(int[] labels) {
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " tasks");
        }
        int[] rgs = canonical(labels);
        long index = 0;
        int open = 0;
        for (int i = 0; i < n; i++) {
            if (rgs[i] >= maxBlocks) {
                throw new IllegalArgumentException("partition " + Arrays.toString(labels) + " has more than "
                        + maxBlocks + " blocks");
            }
            int remaining = n - 1 - i;
            for (int c = 0; c < rgs[i]; c++) {
                index += completions[remaining][Math.max(open, c + 1)];
            }
            open = Math.max(open, rgs[i] + 1);
        }
        return index;
    }

    /** Every partition in canonical order; the array passed is reused between calls. */
    public void forEach(Consumer<int[]> action) {
        int[] labels = new int[n];
        if (n == 0) {
            action.accept(labels);
            return;
        }
        visit(labels, 1, 1, action);
    }

    private void visit(int[] labels, int i, int open, Consumer<int[]> action) {
        if (i == n) {
            action.accept(labels);
            return;
        }
        int highest = Math.min(open, maxBlocks - 1);
        for (int c = 0; c <= highest; c++) {
            labels[i] = c;
            visit(labels, i + 1, Math.max(open, c + 1), action);
        }
    }

    /** Renumbers blocks in order of first appearance: equal partitions get equal labels. */
    public static int[] canonical(int[] labels) {
        Map<Integer, Integer> renumber = new java.util.HashMap<>();
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = renumber.computeIfAbsent(labels[i], k -> renumber.size());
        }
        return out;
    }

    /** The blocks as sorted name sets, ordered by their smallest name. */
    public static List<List<String>> groups(List<String> tasks, int[] labels) {
        if (labels.length != tasks.size()) {
            throw new IllegalArgumentException(labels.length + " labels for " + tasks.size() + " tasks");
        }
        Map<Integer, TreeSet<String>> byLabel = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byLabel.computeIfAbsent(labels[i], k -> new TreeSet<>()).add(tasks.get(i));
        }
        List<List<String>> groups = new ArrayList<>();
        for (TreeSet<String> group : byLabel.values()) {
            groups.add(List.copyOf(group));
        }
        groups.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        return groups;
    }

    /** A partition as {@code {a,b}|{c}}: names sorted in each group, groups by smallest name, so order-free. */
    public static String format(List<String> tasks, int[] labels) {
        StringBuilder out = new StringBuilder();
        for (List<String> group : groups(tasks, labels)) {
            out.append(out.length() == 0 ? "" : "|").append('{').append(String.join(",", group)).append('}');
        }
        return out.toString();
    }

    /** Reads {@link #format}'s form back into labels for {@code tasks} (canonical for that task order). */
    public static int[] parse(List<String> tasks, String text) {
        int[] labels = new int[tasks.size()];
        Arrays.fill(labels, -1);
        String[] blocks = text.strip().split("\\|");
        for (int b = 0; b < blocks.length; b++) {
            String block = blocks[b].strip();
            if (!block.startsWith("{") || !block.endsWith("}") || block.length() < 3) {
                throw new IllegalArgumentException("partition '" + text + "': block '" + block + "' is not {t1,t2,...}");
            }
            for (String name : block.substring(1, block.length() - 1).split(",")) {
                int i = tasks.indexOf(name.strip());
                if (i < 0) {
                    throw new IllegalArgumentException("partition '" + text + "' names unknown task '" + name.strip() + "'");
                }
                if (labels[i] >= 0) {
                    throw new IllegalArgumentException("partition '" + text + "' names task '" + name.strip() + "' twice");
                }
                labels[i] = b;
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("partition '" + text + "' leaves out task '" + tasks.get(i) + "'");
            }
        }
        return canonical(labels);
    }
}
