package io.branchwise.space.layout;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which tasks share which layers: a tree whose root reads the input, whose nodes are {@link Block}s of dense
 * layers and whose leaves are task heads.
 *
 * <p><b>Canonical form.</b> Two layouts that build the same network are equal and print the same string, whatever
 * order tasks or groups were given in: a non-root depth-0 node is merged into its parent (it adds no layer), heads
 * are sorted by name, and sibling nodes are sorted by the smallest task name below them. The string grammar is
 * <pre>
 *   node  := DEPTH 'x' WIDTH '[' entry (',' entry)* ']'
 *   entry := TASK | node              (heads first, then sub-nodes)
 *   TASK  := [A-Za-z_][A-Za-z0-9_.-]*
 * </pre>
 * so hard sharing of three tasks over a 2×256 trunk is {@code 2x256[a,b,c]}, two groups after it are
 * {@code 2x256[1x128[a,b],1x64[c]]}, and fully task-specific branches from the input are
 * {@code 0x0[1x64[a],1x64[b]]}. {@link #parse} accepts whitespace anywhere between tokens.
 *
 * <p><b>Parameters</b> ({@link #parameterCount}): a block of depth d and width w fed by n inputs has
 * {@code n·w + w + (d-1)·(w·w + w)} parameters (weights and biases); each task's head is one dense layer from its
 * node's output to the task's output size, {@code n·h + h}.
 */
public final class SharingLayout {
    private static final Pattern TASK = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final LayoutNode root;
    private final SortedSet<String> tasks;

    private SharingLayout(LayoutNode root) {
        this.root = root;
        this.tasks = root.tasks();
    }

    /** Validates {@code root} and puts it in canonical form. */
    public static SharingLayout of(LayoutNode root) {
        List<String> seen = new ArrayList<>();
        LayoutNode canonical = canonical(root, true, seen);
        if (seen.isEmpty()) {
            throw new IllegalArgumentException("a layout needs at least one task head");
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String task : seen) {
            if (!TASK.matcher(task).matches()) {
                throw new IllegalArgumentException("task name '" + task + "' must match " + TASK.pattern());
            }
            if (counts.merge(task, 1, Integer::sum) > 1) {
                throw new IllegalArgumentException("task '" + task + "' has more than one head");
            }
        }
        return new SharingLayout(canonical);
    }

    /** One trunk, then every task's head on it. */
    public static SharingLayout hardSharing(Block trunk, Collection<String> tasks) {
        return of(LayoutNode.leaf(trunk, tasks));
    }

    /** One branch per task straight from the input: nothing is shared. */
    public static SharingLayout taskSpecific(Block branch, Collection<String> tasks) {
        List<LayoutNode> branches = new ArrayList<>();
        for (String task : tasks) {
            branches.add(LayoutNode.leaf(branch, List.of(task)));
        }
        return of(new LayoutNode(Block.IDENTITY, new TreeSet<>(), branches));
    }

    /** A trunk, then one branch per group with that group's heads on it. */
    public static SharingLayout grouped(Block trunk, List<GroupBranch> groups) {
        List<LayoutNode> branches = new ArrayList<>();
        for (GroupBranch group : groups) {
            branches.add(LayoutNode.leaf(group.block(), group.tasks()));
        }
        return of(new LayoutNode(trunk, new TreeSet<>(), branches));
    }

    /** {@link #grouped(Block, List)} with the same branch block for every group. */
    public static SharingLayout grouped(Block trunk, Collection<? extends Collection<String>> groups, Block branch) {
        List<GroupBranch> list = new ArrayList<>();
        for (Collection<String> group : groups) {
            list.add(new GroupBranch(group, branch));
        }
        return grouped(trunk, list);
    }

    /** One group of tasks and the block of layers they share after the trunk. */
    public record GroupBranch(SortedSet<String> tasks, Block block) {
        public GroupBranch(Collection<String> tasks, Block block) {
            this(new TreeSet<>(tasks), block);
        }

        public GroupBranch {
            tasks = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(tasks));
            if (tasks.isEmpty()) {
                throw new IllegalArgumentException("a group needs at least one task");
            }
        }
    }

    public LayoutNode root() {
        return root;
    }

    /** Every task, sorted. */
    public SortedSet<String> tasks() {
        return tasks;
    }

    /** Fails unless the layout has a head for exactly {@code expected}, no more and no fewer. */
    public SharingLayout requireTasks(Collection<String> expected) {
        SortedSet<String> want = new TreeSet<>(expected);
        if (!want.equals(tasks)) {
            SortedSet<String> missing = new TreeSet<>(want);
            missing.removeAll(tasks);
            SortedSet<String> extra = new TreeSet<>(tasks);
            extra.removeAll(want);
            throw new IllegalArgumentException("layout " + this + " does not match the tasks: missing " + missing
                    + ", unexpected " + extra);
        }
        return this;
    }

    /**
     * Parameters per sharing set for dense layers.
     *
     * @param headDims output size of every task's head
     */
    public ParameterCount parameterCount(int inputDim, Map<String, Integer> headDims) {
        if (inputDim < 1) {
            throw new IllegalArgumentException("input dimension must be >= 1, got " + inputDim);
        }
        if (!headDims.keySet().containsAll(tasks)) {
            SortedSet<String> missing = new TreeSet<>(tasks);
            missing.removeAll(headDims.keySet());
            throw new IllegalArgumentException("no head size for tasks " + missing);
        }
        Map<SortedSet<String>, Long> bySet = new LinkedHashMap<>();
        count(root, inputDim, headDims, bySet);
        bySet.values().removeIf(v -> v == 0L);
        long total = bySet.values().stream().mapToLong(Long::longValue).sum();
        return new ParameterCount(total, bySet);
    }

    private static void count(LayoutNode node, int inputDim, Map<String, Integer> headDims,
                              Map<SortedSet<String>, Long> bySet) {
        bySet.merge(node.tasks(), node.block().parameterCount(inputDim), Long::sum);
        int out = node.block().outputDim(inputDim);
        for (String head : node.heads()) {
            int h = headDims.get(head);
            if (h < 1) {
                throw new IllegalArgumentException("head size of task '" + head + "' must be >= 1, got " + h);
            }
            bySet.merge(new TreeSet<>(List.of(head)), (long) out * h + h, Long::sum);
        }
        for (LayoutNode child : node.children()) {
            count(child, out, headDims, bySet);
        }
    }

    /**
     * The same network with {@code task}'s head taken off wherever it is and put on a branch of its own, {@code
     * branch}, after the trunk (the root's block): the task keeps the shared trunk's features but no longer shares a
     * branch with tasks that hurt it. Branches left without a head are removed.
     */
    public SharingLayout withTaskAlone(String task, Block branch) {
        requireTask(task);
        LayoutNode rest = without(root, task);
        List<LayoutNode> children = new ArrayList<>(rest.children());
        children.add(LayoutNode.leaf(branch, List.of(task)));
        return of(new LayoutNode(rest.block(), rest.heads(), children));
    }

    /** The same network with {@code task}'s head moved onto the node that carries {@code other}'s head. */
    public SharingLayout withTaskBeside(String task, String other) {
        requireTask(task);
        requireTask(other);
        if (task.equals(other)) {
            throw new IllegalArgumentException("a task cannot be moved beside itself");
        }
        return of(beside(without(root, task), task, other));
    }

    /** The block of the node whose head is {@code task}'s. */
    public Block blockOf(String task) {
        requireTask(task);
        return nodeOf(root, task).block();
    }

    /** The tasks whose heads sit on the same node as {@code task}'s (itself included). */
    public SortedSet<String> headsBeside(String task) {
        requireTask(task);
        return nodeOf(root, task).heads();
    }

    private void requireTask(String task) {
        if (!tasks.contains(task)) {
            throw new IllegalArgumentException("task '" + task + "' is not in layout " + this);
        }
    }

    private static LayoutNode nodeOf(LayoutNode node, String task) {
        if (node.heads().contains(task)) {
            return node;
        }
        return node.children().stream().filter(c -> c.tasks().contains(task)).findFirst()
                .map(c -> nodeOf(c, task)).orElseThrow();
    }

    /** {@code node} without {@code task}'s head; children left with no head at all are dropped. */
    private static LayoutNode without(LayoutNode node, String task) {
        TreeSet<String> heads = new TreeSet<>(node.heads());
        heads.remove(task);
        List<LayoutNode> children = new ArrayList<>();
        for (LayoutNode child : node.children()) {
            LayoutNode kept = without(child, task);
            if (!kept.tasks().isEmpty()) {
                children.add(kept);
            }
        }
        return new LayoutNode(node.block(), heads, children);
    }

    private static LayoutNode beside(LayoutNode node, String task, String other) {
        if (node.heads().contains(other)) {
            TreeSet<String> heads = new TreeSet<>(node.heads());
            heads.add(task);
            return new LayoutNode(node.block(), heads, node.children());
        }
        return new LayoutNode(node.block(), node.heads(),
                node.children().stream().map(c -> c.tasks().contains(other) ? beside(c, task, other) : c).toList());
    }

    /** Reads the canonical grammar (or any order/whitespace variant of it) back into a layout. */
    public static SharingLayout parse(String text) {
        Parser parser = new Parser(text);
        LayoutNode node = parser.node();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected trailing text");
        }
        return of(node);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        write(root, out);
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharingLayout other && other.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /**
     * The same grammar with heads and sibling nodes in {@code taskOrder} (a spec's task order) instead of the
     * alphabet's, for people: {@code label2} before {@code label10}. It parses back to this layout; identity,
     * equality and the stored form stay the canonical {@link #toString()}. Tasks missing from the order go last.
     */
    public String toString(List<String> taskOrder) {
        Comparator<String> byOrder = Comparator.comparingInt((String t) -> {
            int i = taskOrder.indexOf(t);
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(Comparator.naturalOrder());
        StringBuilder out = new StringBuilder();
        write(root, out, byOrder);
        return out.toString();
    }

    private static void write(LayoutNode node, StringBuilder out) {
        write(node, out, Comparator.naturalOrder());
    }

    private static void write(LayoutNode node, StringBuilder out, Comparator<String> order) {
        out.append(node.block()).append('[');
        boolean first = true;
        for (String head : node.heads().stream().sorted(order).toList()) {
            out.append(first ? "" : ",").append(head);
            first = false;
        }
        for (LayoutNode child : node.children().stream().sorted(Comparator.comparing(
                (LayoutNode c) -> c.tasks().stream().min(order).orElseThrow(), order)).toList()) {
            out.append(first ? "" : ",");
            write(child, out, order);
            first = false;
        }
        out.append(']');
    }

    private static LayoutNode canonical(LayoutNode node, boolean isRoot, List<String> seen) {
        TreeSet<String> heads = new TreeSet<>();
        List<LayoutNode> children = new ArrayList<>();
        absorb(node, heads, children, seen);
        if (!isRoot && heads.isEmpty() && children.isEmpty()) {
            throw new IllegalArgumentException("a branch of block " + node.block() + " leads to no task head");
        }
        children.sort(Comparator.comparing(LayoutNode::firstTask));
        return new LayoutNode(node.block(), heads, children);
    }

    /** Collects a node's heads and children, flattening depth-0 children into it since they add no layer. */
    private static void absorb(LayoutNode node, TreeSet<String> heads, List<LayoutNode> children, List<String> seen) {
        heads.addAll(node.heads());
        seen.addAll(node.heads());
        for (LayoutNode child : node.children()) {
            if (child.block().isIdentity()) {
                absorb(child, heads, children, seen);
            } else {
                children.add(canonical(child, false, seen));
            }
        }
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        LayoutNode node() {
            int depth = number();
            expect('x');
            int width = number();
            Block block;
            try {
                block = new Block(depth, width);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
            expect('[');
            TreeSet<String> heads = new TreeSet<>();
            List<LayoutNode> children = new ArrayList<>();
            do {
                skipSpace();
                if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    children.add(node());
                } else {
                    String task = task();
                    if (!heads.add(task)) {
                        throw error("task '" + task + "' has more than one head");
                    }
                }
                skipSpace();
            } while (accept(','));
            expect(']');
            return new LayoutNode(block, heads, children);
        }

        private String task() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "_.-".indexOf(text.charAt(pos)) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a task name or a block");
            }
            return text.substring(start, pos);
        }

        private int number() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a number");
            }
            try {
                return Integer.parseInt(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("number too large");
            }
        }

        private void expect(char c) {
            if (!accept(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private boolean accept(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("layout '" + text + "' at " + pos + ": " + message);
        }
    }
}
