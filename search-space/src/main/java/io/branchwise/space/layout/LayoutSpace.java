package io.branchwise.space.layout;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.json.JsonValue;
import io.branchwise.space.study.Trial;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A layout search written as ordinary parameters, so any sampler (and a Python Optuna client) can search it:
 * <ul>
 *   <li>{@code layout.trunk_depth} (Int) and {@code layout.trunk_width} (Categorical over widths; only asked for
 *       when the trunk depth is above 0);</li>
 *   <li>{@code layout.grouping}: Categorical over the canonical strings of every partition of the tasks into at
 *       most {@code maxBranches} groups ({@link TaskPartitions#format}), in canonical partition order;</li>
 *   <li>{@code layout.branch_depth} (Int) and {@code layout.branch_width} (Categorical; only when the branch depth
 *       is above 0), the same for every group's branch.</li>
 * </ul>
 * <b>Many tasks.</b> When the partitions outnumber {@code maxGroupingChoices} (with the default 5000, every
 * partition of up to 8 tasks fits; 9 tasks without a branch budget do not), one categorical would be too large for
 * a sampler to learn anything from, so grouping falls back to one Int per task, {@code layout.group.<task>} in
 * [0, maxBranches-1]; decoding renumbers the ids canonically, so id permutations and empty ids mean the same
 * layout. Check {@link #usesGroupIds()} to know which encoding is in force.
 */
public final class LayoutSpace {
    public static final String TRUNK_DEPTH = "layout.trunk_depth";
    public static final String TRUNK_WIDTH = "layout.trunk_width";
    public static final String GROUPING = "layout.grouping";
    public static final String BRANCH_DEPTH = "layout.branch_depth";
    public static final String BRANCH_WIDTH = "layout.branch_width";
    public static final String GROUP_ID_PREFIX = "layout.group.";

    private final List<String> tasks;
    private final int maxBranches;
    private final IntDistribution trunkDepth;
    private final IntDistribution branchDepth;
    private final CategoricalDistribution widths;
    private final CategoricalDistribution grouping;
    private final IntDistribution groupId;

    private LayoutSpace(Builder b) {
        if (b.tasks.isEmpty()) {
            throw new IllegalArgumentException("a layout space needs at least one task");
        }
        tasks = List.copyOf(b.tasks);
        maxBranches = Math.min(b.maxBranches <= 0 ? tasks.size() : b.maxBranches, tasks.size());
        trunkDepth = new IntDistribution(b.minTrunkDepth, b.maxTrunkDepth, false, 1);
        branchDepth = new IntDistribution(b.minBranchDepth, b.maxBranchDepth, false, 1);
        if (b.widths.isEmpty() || b.widths.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("widths must be one or more integers >= 1, got " + b.widths);
        }
        widths = new CategoricalDistribution(new TreeSet<>(b.widths).stream().<JsonValue>map(JsonValue.JsonInt::of).toList());
        if (b.candidates != null) {
            grouping = candidateGroupings(tasks, b.candidates);
            groupId = null;
            return;
        }
        boolean fits;
        TaskPartitions partitions = null;
        try {
            partitions = new TaskPartitions(tasks.size(), maxBranches);
            fits = partitions.count() <= b.maxGroupingChoices;
        } catch (IllegalArgumentException tooMany) {
            fits = false;
        }
        if (fits) {
            List<JsonValue> choices = new ArrayList<>();
            partitions.forEach(labels -> choices.add(new JsonValue.JsonString(TaskPartitions.format(tasks, labels))));
            grouping = new CategoricalDistribution(choices);
            groupId = null;
        } else {
            grouping = null;
            groupId = new IntDistribution(0, maxBranches - 1, false, 1);
        }
    }

    public static Builder builder(Collection<String> tasks) {
        return new Builder(tasks);
    }

    /** The categorical over the given groupings: canonical strings, duplicates dropped, first-seen order kept. */
    private static CategoricalDistribution candidateGroupings(List<String> tasks, List<List<List<String>>> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("give at least one candidate grouping");
        }
        java.util.LinkedHashSet<String> choices = new java.util.LinkedHashSet<>();
        for (List<List<String>> groups : candidates) {
            int[] labels = new int[tasks.size()];
            java.util.Arrays.fill(labels, -1);
            for (int g = 0; g < groups.size(); g++) {
                for (String task : groups.get(g)) {
                    int i = tasks.indexOf(task);
                    if (i < 0) {
                        throw new IllegalArgumentException("grouping " + groups + " names unknown task '" + task + "'; tasks are " + tasks);
                    }
                    if (labels[i] >= 0) {
                        throw new IllegalArgumentException("grouping " + groups + " names task '" + task + "' twice");
                    }
                    labels[i] = g;
                }
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0) {
                    throw new IllegalArgumentException("grouping " + groups + " leaves out task '" + tasks.get(i) + "'");
                }
            }
            choices.add(TaskPartitions.format(tasks, labels));
        }
        return new CategoricalDistribution(choices.stream().<JsonValue>map(JsonValue.JsonString::new).toList());
    }

    public List<String> tasks() {
        return tasks;
    }

    public boolean usesGroupIds() {
        return grouping == null;
    }

    /** Every parameter the space may ask for, conditional ones included. */
    public Map<String, Distribution> distributions() {
        Map<String, Distribution> out = new LinkedHashMap<>();
        out.put(TRUNK_DEPTH, trunkDepth);
        out.put(TRUNK_WIDTH, widths);
        if (grouping != null) {
            out.put(GROUPING, grouping);
        } else {
            for (String task : tasks) {
                out.put(GROUP_ID_PREFIX + task, groupId);
            }
        }
        out.put(BRANCH_DEPTH, branchDepth);
        out.put(BRANCH_WIDTH, widths);
        return out;
    }

    /** Builds the layout from internal parameter values; widths are only read where the depth needs them. */
    public SharingLayout decode(Map<String, Double> params) {
        Block trunk = block(params, TRUNK_DEPTH, trunkDepth, TRUNK_WIDTH);
        int[] labels = new int[tasks.size()];
        if (grouping != null) {
            String text = ((JsonValue.JsonString) grouping.toExternal(require(params, GROUPING, grouping))).value();
            labels = TaskPartitions.parse(tasks, text);
        } else {
            for (int i = 0; i < labels.length; i++) {
                labels[i] = (int) require(params, GROUP_ID_PREFIX + tasks.get(i), groupId);
            }
        }
        Block branch = block(params, BRANCH_DEPTH, branchDepth, BRANCH_WIDTH);
        return SharingLayout.grouped(trunk, TaskPartitions.groups(tasks, labels), branch);
    }

    /** Define-by-run: asks {@code trial} for exactly the parameters this layout needs, then decodes them. */
    public SharingLayout suggest(Trial trial) {
        Map<String, Double> params = new HashMap<>();
        double depth = trial.suggest(TRUNK_DEPTH, trunkDepth);
        params.put(TRUNK_DEPTH, depth);
        if (depth > 0) {
            params.put(TRUNK_WIDTH, trial.suggest(TRUNK_WIDTH, widths));
        }
        if (grouping != null) {
            params.put(GROUPING, trial.suggest(GROUPING, grouping));
        } else {
            for (String task : tasks) {
                params.put(GROUP_ID_PREFIX + task, trial.suggest(GROUP_ID_PREFIX + task, groupId));
            }
        }
        double branch = trial.suggest(BRANCH_DEPTH, branchDepth);
        params.put(BRANCH_DEPTH, branch);
        if (branch > 0) {
            params.put(BRANCH_WIDTH, trial.suggest(BRANCH_WIDTH, widths));
        }
        return decode(params);
    }

    private Block block(Map<String, Double> params, String depthName, IntDistribution depths, String widthName) {
        int depth = (int) require(params, depthName, depths);
        if (depth == 0) {
            return Block.IDENTITY;
        }
        JsonValue width = widths.toExternal(require(params, widthName, widths));
        return new Block(depth, ((JsonValue.JsonInt) width).value().intValueExact());
    }

    private static double require(Map<String, Double> params, String name, Distribution distribution) {
        Double value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("layout parameter '" + name + "' is missing");
        }
        if (!distribution.contains(value)) {
            throw new IllegalArgumentException("layout parameter '" + name + "' = " + value + " is outside " + distribution);
        }
        return value;
    }

    public static final class Builder {
        private final List<String> tasks;
        private int minTrunkDepth = 0;
        private int maxTrunkDepth = 3;
        private int minBranchDepth = 0;
        private int maxBranchDepth = 2;
        private List<Integer> widths = List.of(32, 64, 128, 256);
        private int maxBranches = 0;
        private long maxGroupingChoices = 5000;
        private List<List<List<String>>> candidates;

        private Builder(Collection<String> tasks) {
            // Sorted, so the grouping choices do not depend on the order the caller listed tasks in.
            this.tasks = new ArrayList<>(new TreeSet<>(tasks));
            if (this.tasks.size() != tasks.size()) {
                throw new IllegalArgumentException("task names must be distinct: " + tasks);
            }
        }

        public Builder trunkDepth(int min, int max) {
            minTrunkDepth = min;
            maxTrunkDepth = max;
            return this;
        }

        public Builder branchDepth(int min, int max) {
            minBranchDepth = min;
            maxBranchDepth = max;
            return this;
        }

        public Builder widths(List<Integer> widths) {
            this.widths = List.copyOf(widths);
            return this;
        }

        /** At most this many groups (branches); 0 or less means one per task. */
        public Builder maxBranches(int maxBranches) {
            this.maxBranches = maxBranches;
            return this;
        }

        /**
         * Searches only these groupings (each a list of task groups) instead of every partition: the candidates an
         * affinity run proposes, or the ones a user lists. Overrides {@link #maxBranches} for the grouping choice.
         */
        public Builder groupings(List<List<List<String>>> candidates) {
            this.candidates = candidates.stream().map(g -> g.stream().map(List::copyOf).toList()).toList();
            return this;
        }

        public Builder maxGroupingChoices(long maxGroupingChoices) {
            this.maxGroupingChoices = maxGroupingChoices;
            return this;
        }

        public LayoutSpace build() {
            if (minTrunkDepth < 0 || minBranchDepth < 0) {
                throw new IllegalArgumentException("depths must be >= 0");
            }
            return new LayoutSpace(this);
        }
    }
}
