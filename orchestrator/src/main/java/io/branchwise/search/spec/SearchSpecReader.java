package io.branchwise.search.spec;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.LayoutSpace;
import io.branchwise.space.weighting.LossWeightingSpace;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.trial.DataChoice;
import io.branchwise.trial.TrialSpecReader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a search spec (YAML, or JSON):
 * <pre>
 * name: six-tasks                      # the study's name; default: the file name without extension
 * seed: 7
 * trainer: dl4j
 * data: {source: synthetic, options: {tasks: 6, groups: [3, 3]}}
 * tasks:
 *   - {name: t0, type: regression, target: t0}
 * space:
 *   trunk_depth: [0, 3]                # a range, or one number
 *   branch_depth: [0, 2]
 *   widths: [32, 64, 128]
 *   max_branches: 3                    # default: one per task
 *   groupings: auto                    # auto (from an affinity run) | all | [[[t0, t1], [t2]], …]
 *   activation: [relu, tanh]           # one name, or several searched; the first is the baselines'. Default:
 *                                      #   training.activation, not searched
 *   dropout: [0.0, 0.3]                # one rate, or a range searched; the baselines take the middle. Default:
 *                                      #   training.dropout, not searched
 * weighting:
 *   methods: [ew, uw, dwa, gradnorm]
 *   dwa: {temperature: [0.5, 4]}       # a method's hyper-parameter range (or one number to fix it), replacing the
 *   gradnorm: {alpha: [0.5, 2]}        #   default; also cagrad: {c: …}, nash_mtl: {update_every: …}
 * training: {epochs: 10, batch_size: 256, learning_rate: [0.0003, 0.01]}   # a number, or a range searched (log)
 * search:
 *   trials: 30
 *   parallel: 2                        # trainer processes; default: one per core
 *   sampler: tpe                       # tpe | nsga2 | qmc | random, or {type: tpe, startup_trials: 10},
 *                                      #   {type: nsga2, population_size: 10, crossover: blx_alpha | uniform |
 *                                      #   sbx | spx | undx}; each takes seed: N (default: seed)
 *   pruner: negative-transfer          # none | median | asha | hyperband | patient | threshold | negative-transfer |
 *                                      #   pareto-asha, or {type: …, startup_trials: 3, audit: true, and the
 *                                      #   type's own: patience, epsilon, warmup_epochs, min_epochs,
 *                                      #   reduction_factor, lower, min_delta}; see PrunerChoice
 *   objective: delta_m                 # delta_m | per_task
 *   max_parameters: 50000              # layouts with more trainable parameters are not trained; default: no limit
 *   affinity_every: 10                 # steps between affinity measurements in the affinity run
 *   affinity_epochs: 5                 # the affinity run's epochs; default: training.epochs
 *   baseline: {trials: 8}              # each task's baseline: the best of this many single-task networks (depths
 *                                      #   and widths of the space, learning rate if searched); {depth: 2, width: 128}
 *                                      #   instead fixes one network. depth/width are also the reference layouts'
 *                                      #   blocks (default: 2 layers of the widest width)
 *   trial_time_limit: 3600             # seconds
 *   max_task_drop: 1.0                 # percent; see SearchSettings
 * </pre>
 * <b>Objectives.</b> {@code delta_m} is one objective, Δm, maximised. {@code per_task} makes a Pareto search:
 * one objective per task, in task order, its validation metric in the metric's own direction (rmse minimised,
 * accuracy maximised); Δm is still computed for every trial and the result lists the Pareto set. Its samplers are
 * tpe (multi-objective TPE), nsga2, nsga3, qmc and random; the pruners that rank one number (median, asha,
 * hyperband, patient, threshold) are refused. {@code cmaes} is refused unless every categorical choice is fixed
 * (one width, one grouping, one weighting method, one activation): it adapts only numeric parameters and would draw
 * the categorical ones at random. {@code grid} is refused: a layout's parameters depend on its grouping.
 *
 * <p><b>Parameter budget.</b> {@code max_parameters} counts the dense layers and heads of a layout for the data's
 * features and the tasks' output sizes. A sampled layout over it is recorded as an infeasible trial with Optuna's
 * {@code constraints} attribute (TPE ranks it below every feasible trial; NSGA-II breeds only from trained ones; qmc
 * and random do not learn), never trained and never recommended, and does not count towards {@code trials}. A
 * budget below the space's smallest layout is refused once the data is loaded ({@link SpecCheck}).
 *
 * <p>Independent parts are checked independently and every problem is reported with its field path
 * ({@link InvalidSpecException}).
 */
public final class SearchSpecReader {
    private static final Set<String> TOP = new TreeSet<>(List.of("name", "seed", "trainer", "data", "tasks", "space",
            "weighting", "training", "search"));
    private static final List<Integer> DEFAULT_WIDTHS = List.of(32, 64, 128, 256);
    /** The highest rate {@code training.dropout} accepts. */
    private static final double MAX_DROPOUT = 0.99;
    /** Far beyond any search worth running (a trial is seconds at best), short of work that never ends. */
    static final int MAX_TRIALS = 100_000;
    /** Trainer processes of one search; a server's own cap (its cores and memory) is usually far lower. */
    static final int MAX_PARALLEL = 1_024;

    private SearchSpecReader() {
    }

    /** Reads a spec file; the study name defaults to the file's name without its extension. */
    public static SearchSpec read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        int dot = fileName.indexOf('.');
        String defaultName = dot > 0 ? fileName.substring(0, dot) : fileName;
        return fromMap(TrialSpecReader.readYaml(file), file.toAbsolutePath().getParent(), defaultName);
    }

    /** @param defaultName the study name when the spec gives none; null makes {@code name} required */
    public static SearchSpec fromMap(Map<String, Object> raw, Path baseDirectory, String defaultName) {
        SpecProblems problems = new SpecProblems();
        Options spec = Options.of("", raw);
        for (String key : spec.keys()) {
            if (!TOP.contains(key)) {
                problems.add(key, "unknown field; known fields are " + TOP
                        + (key.equals("layout") ? " (a search spec searches layouts: describe them under space)" : ""));
            }
        }
        String name = problems.read(() -> name(spec, defaultName));
        Long seed = problems.read(() -> TrialSpecReader.seed(spec));
        String trainer = problems.read(() -> TrialSpecReader.trainer(spec));
        DataChoice data = problems.read(() -> TrialSpecReader.data(spec));
        List<TaskDefinition> tasks = problems.read(() -> tasks(spec));
        List<String> names = tasks == null ? null : tasks.stream().map(TaskDefinition::name).toList();
        SpaceSpec space = problems.read(() -> space(spec.object("space"), names));
        Weighting weighting = problems.read(() -> weighting(spec.object("weighting")));
        LearningRate learningRate = problems.read(() -> learningRate(spec.object("training")));
        TrainingOptions training = problems.read(() -> training(spec.object("training"), seed == null ? 0L : seed,
                raw.get("space") instanceof Map<?, ?> s ? setFields(s) : Set.of()));
        SearchSettings search = problems.read(() -> search(spec.object("search"), space,
                training == null ? 1 : training.epochs(), seed == null ? 0L : seed));
        if (search != null && search.sampler().kind() == SamplerChoice.Kind.CMAES && space != null && weighting != null
                && names != null) {
            problems.check(() -> requireNumericSpace(space, weighting, names.size()));
        }
        problems.throwIfAny();
        return new SearchSpec(name, trainer, seed, data, baseDirectory, tasks, space, weighting.methods(),
                weighting.ranges(), baselineTraining(training, learningRate, space), learningRate, search, raw);
    }

    /** The keys of a mapping that have a value: YAML's {@code key:} with nothing after it sets nothing. */
    private static Set<Object> setFields(Map<?, ?> m) {
        Set<Object> set = new LinkedHashSet<>();
        m.forEach((k, v) -> {
            if (v != null) {
                set.add(k);
            }
        });
        return set;
    }

    private static String name(Options spec, String defaultName) {
        String name = defaultName == null ? spec.string("name") : spec.string("name", defaultName);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
            throw new SpecException("name", "must be 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or"
                    + " digit (it names the study and its folder), got \"" + name + "\"");
        }
        return name;
    }

    private static List<TaskDefinition> tasks(Options spec) {
        List<TaskDefinition> tasks = TrialSpecReader.tasks(spec);
        if (tasks.size() < 2) {
            throw new SpecException("tasks", "a search needs at least two tasks; train one task with branchwise train");
        }
        return tasks;
    }

    // ---- space --------------------------------------------------------------------------------------------

    static SpaceSpec space(Options o, List<String> tasks) {
        o.requireOnly(Set.of("trunk_depth", "branch_depth", "widths", "max_branches", "groupings", "activation",
                "dropout"));
        int[] trunk = range(o, "trunk_depth", 0, 3);
        int[] branch = range(o, "branch_depth", 0, 2);
        List<Integer> widths = widths(o);
        Activations activations = o.has("activation") ? activations(o) : null;
        Dropout dropout = o.has("dropout") ? dropout(o) : null;
        if (tasks == null) {
            return null; // the rest depends on the tasks, whose own problem is already reported
        }
        int maxBranches = tasks.size();
        if (o.has("max_branches")) {
            maxBranches = o.integer("max_branches", 0, 1);
            if (maxBranches > tasks.size()) {
                throw new SpecException(o.path("max_branches"), "at most " + tasks.size()
                        + " (one branch per task), got " + maxBranches);
            }
        }
        GroupingChoice groupings = groupings(o, tasks, o.has("max_branches") ? maxBranches : Integer.MAX_VALUE);
        LayoutSpace.Builder layouts = LayoutSpace.builder(tasks).trunkDepth(trunk[0], trunk[1])
                .branchDepth(branch[0], branch[1]).widths(widths).maxBranches(maxBranches);
        if (groupings instanceof GroupingChoice.Listed listed) {
            layouts.groupings(listed.groupings());
        }
        try {
            layouts.build();
        } catch (IllegalArgumentException e) {
            throw new SpecException(o.path(), e.getMessage());
        }
        return new SpaceSpec(trunk[0], trunk[1], branch[0], branch[1], widths, maxBranches, groupings, activations,
                dropout);
    }

    /** One name or a list; each must be an activation every trainer knows. */
    private static Activations activations(Options o) {
        Object v = o.asMap().get("activation");
        List<?> list = v instanceof List<?> l ? l : List.of(v);
        if (list.isEmpty()) {
            throw new SpecException(o.path("activation"), "name at least one activation");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = v instanceof List<?> ? o.path("activation") + "[" + i + "]" : o.path("activation");
            if (!(list.get(i) instanceof String name) || name.isBlank()) {
                throw new SpecException(path, "expected an activation name, got " + describe(list.get(i)));
            }
            // The trainers' own check, so the search accepts exactly what a trial spec would.
            TrainingOptions d = TrainingOptions.defaults();
            try {
                new TrainingOptions(d.epochs(), d.batchSize(), d.learningRate(), d.optimizer(), name, d.dropout(),
                        d.batchNorm(), d.affinityEvery(), d.seed(), d.extra());
            } catch (SpecException e) {
                throw new SpecException(path, e.problem());
            }
            if (names.contains(name)) {
                throw new SpecException(path, "\"" + name + "\" is listed twice");
            }
            names.add(name);
        }
        return new Activations(names);
    }

    /** One rate, or {@code [low, high]} with low below high; rates as {@code training.dropout} takes them. */
    private static Dropout dropout(Options o) {
        Object v = o.asMap().get("dropout");
        String path = o.path("dropout");
        if (v instanceof List<?> list) {
            if (list.size() != 2) {
                throw new SpecException(path, "expected one rate or [low, high], got a list of " + list.size());
            }
            double low = rate(path + "[0]", list.get(0));
            double high = rate(path + "[1]", list.get(1));
            if (!(low < high)) {
                throw new SpecException(path, "low " + low + " must be below high " + high
                        + " (give one number for a fixed rate)");
            }
            return new Dropout(low, high);
        }
        return Dropout.fixed(rate(path, v));
    }

    private static double rate(String path, Object v) {
        if (v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= MAX_DROPOUT) {
            return n.doubleValue();
        }
        throw new SpecException(path, "expected a dropout rate in [0, " + MAX_DROPOUT + "], got " + describe(v));
    }

    /** One integer ≥ 0, or {@code [low, high]}. */
    private static int[] range(Options o, String key, int low, int high) {
        if (!o.has(key)) {
            return new int[]{low, high};
        }
        Object v = o.asMap().get(key);
        String path = o.path(key);
        if (v instanceof List<?> list) {
            if (list.size() != 2) {
                throw new SpecException(path, "expected [low, high] or one number, got a list of " + list.size());
            }
            int lo = nonNegative(path + "[0]", list.get(0));
            int hi = nonNegative(path + "[1]", list.get(1));
            if (lo > hi) {
                throw new SpecException(path, "low " + lo + " is above high " + hi);
            }
            return new int[]{lo, hi};
        }
        int only = nonNegative(path, v);
        return new int[]{only, only};
    }

    private static List<Integer> widths(Options o) {
        if (!o.has("widths")) {
            return DEFAULT_WIDTHS;
        }
        Object v = o.asMap().get("widths");
        List<?> list = v instanceof List<?> l ? l : List.of(v);
        if (list.isEmpty()) {
            throw new SpecException(o.path("widths"), "name at least one width");
        }
        List<Integer> widths = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = v instanceof List<?> ? o.path("widths") + "[" + i + "]" : o.path("widths");
            int w = nonNegative(path, list.get(i));
            if (w < 1) {
                throw new SpecException(path, "a width must be at least 1, got " + w);
            }
            widths.add(w);
        }
        return widths;
    }

    private static GroupingChoice groupings(Options o, List<String> tasks, int maxBranches) {
        Object v = o.asMap().get("groupings");
        String path = o.path("groupings");
        if (v == null || "auto".equals(v)) {
            return new GroupingChoice.Auto();
        }
        if ("all".equals(v)) {
            return new GroupingChoice.All();
        }
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw new SpecException(path, "expected auto, all, or a list of groupings such as [[[a, b], [c]]], got "
                    + describe(v));
        }
        List<List<List<String>>> groupings = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            groupings.add(grouping(path + "[" + i + "]", list.get(i), tasks, maxBranches));
        }
        return new GroupingChoice.Listed(groupings);
    }

    private static List<List<String>> grouping(String path, Object v, List<String> tasks, int maxBranches) {
        if (!(v instanceof List<?> groups) || groups.isEmpty()) {
            throw new SpecException(path, "expected a list of groups of task names, such as [[a, b], [c]]");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<List<String>> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            String groupPath = path + "[" + g + "]";
            if (!(groups.get(g) instanceof List<?> members) || members.isEmpty()) {
                throw new SpecException(groupPath, "expected a non-empty list of task names");
            }
            List<String> group = new ArrayList<>();
            for (int k = 0; k < members.size(); k++) {
                Object task = members.get(k);
                String taskPath = groupPath + "[" + k + "]";
                if (!(task instanceof String name) || !tasks.contains(name)) {
                    throw new SpecException(taskPath, "no task named " + describe(task) + "; tasks are " + tasks);
                }
                if (!seen.add(name)) {
                    throw new SpecException(taskPath, "task \"" + name + "\" is in more than one group");
                }
                group.add(name);
            }
            out.add(group);
        }
        List<String> missing = tasks.stream().filter(t -> !seen.contains(t)).toList();
        if (!missing.isEmpty()) {
            throw new SpecException(path, "leaves out " + missing + "; every task must be in one group");
        }
        if (out.size() > maxBranches) {
            throw new SpecException(path, "has " + out.size() + " groups; space.max_branches is " + maxBranches);
        }
        return out;
    }

    // ---- weighting and training ---------------------------------------------------------------------------

    private record Weighting(List<WeightingMethod> methods, List<WeightingRange> ranges) {
    }

    private static Weighting weighting(Options o) {
        List<WeightingMethod> methods = weightingMethods(o);
        List<WeightingRange> ranges = new ArrayList<>();
        for (String key : o.keys()) {
            if (key.equals("methods")) {
                continue;
            }
            WeightingMethod method = methodNamed(key);
            if (method == null || LossWeightingSpace.hyperParameterNames(method).isEmpty()) {
                throw new SpecException(o.path(key), "unknown field; known fields are methods and the methods with"
                        + " hyper-parameter ranges: " + rangedMethods());
            }
            if (!methods.contains(method)) {
                throw new SpecException(o.path(key), key + " is not among weighting.methods " + names(methods)
                        + "; add it there, or remove its range");
            }
            Options h = o.object(key).requireOnly(Set.copyOf(LossWeightingSpace.hyperParameterNames(method)));
            for (String name : h.keys()) {
                double[] range = weightingRange(h, name);
                try {
                    // The library's own limits, so a range it would refuse at run time is refused here, with a path.
                    LossWeightingSpace.builder(List.of("t")).methods(methods).range(method, name, range[0], range[1]);
                } catch (IllegalArgumentException e) {
                    throw new SpecException(h.path(name), e.getMessage());
                }
                ranges.add(new WeightingRange(method, name, range[0], range[1]));
            }
        }
        return new Weighting(methods, ranges);
    }

    private static List<WeightingMethod> weightingMethods(Options o) {
        if (!o.has("methods")) {
            return List.of(WeightingMethod.EW);
        }
        List<String> names = o.strings("methods");
        if (names.isEmpty()) {
            throw new SpecException(o.path("methods"), "name at least one method");
        }
        List<WeightingMethod> methods = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String path = o.path("methods") + "[" + i + "]";
            WeightingMethod m = methodNamed(names.get(i));
            if (m == null) {
                throw new SpecException(path, "unknown weighting method \"" + names.get(i) + "\"; known: "
                        + names(Arrays.asList(WeightingMethod.values())));
            }
            if (methods.contains(m)) {
                throw new SpecException(path, "\"" + names.get(i) + "\" is listed twice");
            }
            methods.add(m);
        }
        return methods;
    }

    /** {@code nash-mtl} and {@code nash_mtl} alike; null when no method has the name. */
    private static WeightingMethod methodNamed(String name) {
        try {
            return WeightingMethod.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> names(List<WeightingMethod> methods) {
        return methods.stream().map(w -> w.name().toLowerCase(Locale.ROOT)).toList();
    }

    private static List<String> rangedMethods() {
        return names(Arrays.stream(WeightingMethod.values())
                .filter(m -> !LossWeightingSpace.hyperParameterNames(m).isEmpty()).toList());
    }

    /** One number (a fixed value) or {@code [low, high]} with low below high. */
    private static double[] weightingRange(Options o, String key) {
        Object v = o.asMap().get(key);
        String path = o.path(key);
        if (v instanceof List<?> list) {
            if (list.size() != 2) {
                throw new SpecException(path, "expected one number or [low, high], got a list of " + list.size());
            }
            double low = finite(path + "[0]", list.get(0));
            double high = finite(path + "[1]", list.get(1));
            if (!(low < high)) {
                throw new SpecException(path, "low " + low + " must be below high " + high
                        + " (give one number to fix it)");
            }
            return new double[]{low, high};
        }
        double only = finite(path, v);
        return new double[]{only, only};
    }

    private static LearningRate learningRate(Options training) {
        Object v = training.asMap().get("learning_rate");
        String path = training.path("learning_rate");
        if (v == null) {
            return LearningRate.fixed(TrainingOptions.defaults().learningRate());
        }
        if (v instanceof List<?> list) {
            if (list.size() != 2) {
                throw new SpecException(path, "expected one number or [low, high], got a list of " + list.size());
            }
            double low = positive(path + "[0]", list.get(0));
            double high = positive(path + "[1]", list.get(1));
            if (!(low < high)) {
                throw new SpecException(path, "low " + low + " must be below high " + high
                        + " (give one number for a fixed rate)");
            }
            return new LearningRate(low, high);
        }
        return LearningRate.fixed(positive(path, v));
    }

    /**
     * The rest of {@code training:}, read as a trial's training section without the learning rate.
     *
     * @param spaceKeys the fields {@code space:} sets; what it searches may not be fixed here as well
     */
    private static TrainingOptions training(Options training, long seed, Set<?> spaceKeys) {
        if (training.has("affinity_every")) {
            throw new SpecException(training.path("affinity_every"),
                    "the search decides when affinity is measured; set search.affinity_every instead");
        }
        for (String key : List.of("activation", "dropout")) {
            if (training.has(key) && spaceKeys.contains(key)) {
                throw new SpecException(training.path(key), "space." + key + " sets it for the search; give it in"
                        + " one place only");
            }
        }
        Map<String, Object> rest = new LinkedHashMap<>(training.asMap());
        rest.remove("learning_rate");
        return TrialSpecReader.training(Options.of(training.path(), rest), seed);
    }

    /** The budget with what the baselines use where {@code space:} or the learning rate range decide it. */
    static TrainingOptions baselineTraining(TrainingOptions t, LearningRate learningRate, SpaceSpec space) {
        String activation = space.activations() == null ? t.activation() : space.activations().baseline();
        double dropout = space.dropout() == null ? t.dropout() : space.dropout().baseline();
        return t.withLearningRate(learningRate.baseline()).withActivation(activation).withDropout(dropout);
    }

    // ---- search -------------------------------------------------------------------------------------------

    /** Repeats and finalists multiply trainings: a bound that keeps a typo from asking for thousands. */
    public static final int MAX_SEEDS = 20;
    /**
     * Three seeds per verdict model: the fewest that give a standard deviation with two degrees of freedom on each
     * side, so a comparison can tell a difference from luck at all (one seed cannot).
     */
    static final int DEFAULT_SEEDS = 3;
    /**
     * Single-task configurations tried per task when the spec names no fixed baseline network: enough for a
     * space-filling design to cover depth, width and learning rate coarsely (each axis sees several values), few
     * enough that baselines cost less than the search they judge on typical specs (tasks × 8 short runs).
     */
    static final int DEFAULT_BASELINE_TRIALS = 8;
    static final int MAX_BASELINE_TRIALS = 64;

    private static SearchSettings search(Options o, SpaceSpec space, int epochs, long seed) {
        o.requireOnly(Set.of("trials", "parallel", "sampler", "pruner", "objective", "max_parameters",
                "affinity_every", "affinity_epochs", "baseline", "trial_time_limit", "max_task_drop", "seeds",
                "finalists"));
        int trials = atMost(o, "trials", o.integer("trials", 20, 1), MAX_TRIALS);
        int parallel = atMost(o, "parallel", o.integer("parallel", Runtime.getRuntime().availableProcessors(), 1),
                MAX_PARALLEL);
        String objective = objective(o);
        SamplerChoice sampler = sampler(o, seed);
        PrunerChoice pruner = pruner(o, epochs);
        if (pruner.kind().scalar() && objective.equals(SearchSettings.PER_TASK)) {
            throw new SpecException(o.path("pruner"), pruner.kind().specName() + " ranks trials by one objective, and a"
                    + " per_task search has one per task; use negative-transfer or pareto-asha (they read every task's"
                    + " curve) or none");
        }
        OptionalLong maxParameters = OptionalLong.empty();
        if (o.has("max_parameters")) {
            long max = o.longValue("max_parameters");
            if (max < 1) {
                throw new SpecException(o.path("max_parameters"), "must be at least 1, got " + max);
            }
            maxParameters = OptionalLong.of(max);
        }
        int affinityEvery = o.integer("affinity_every", 10, 0);
        if (affinityEvery == 0 && space != null && space.groupings() instanceof GroupingChoice.Auto) {
            throw new SpecException(o.path("affinity_every"), "must be positive when space.groupings is auto: the"
                    + " candidate groupings come from the affinity it measures");
        }
        // Affinity is read from the early steps (TAG found early-training affinities predictive of the final ones);
        // on strongly non-linear tasks a full-length run blurs the groups, as the heads fit and the look-ahead gains
        // shrink to noise. It also keeps the grouping step's cost below one joint training.
        int affinityEpochs = o.integer("affinity_epochs", epochs, 1);
        if (affinityEpochs > epochs) {
            throw new SpecException(o.path("affinity_epochs"), "must be at most training.epochs (" + epochs + "), got "
                    + affinityEpochs);
        }
        Options b = o.object("baseline").requireOnly(Set.of("depth", "width", "trials"));
        int widest = space == null ? 64 : space.widths().stream().mapToInt(Integer::intValue).max().orElse(64);
        Block baseline = Block.of(b.integer("depth", 2, 1), b.integer("width", widest, 1));
        // A network named without a budget is the fixed baseline users had before tuning existed; otherwise each
        // task's baseline is the best of a small single-task search over the space.
        boolean fixed = (b.has("depth") || b.has("width")) && !b.has("trials");
        int baselineTrials = fixed ? 1 : atMost(b, "trials", b.integer("trials", DEFAULT_BASELINE_TRIALS, 1),
                MAX_BASELINE_TRIALS);
        int limit = o.integer("trial_time_limit", 3600, 1);
        double maxTaskDrop = o.number("max_task_drop", 1.0, 0.0, 100.0);
        int seeds = atMost(o, "seeds", o.integer("seeds", DEFAULT_SEEDS, 1), MAX_SEEDS);
        int finalists = atMost(o, "finalists", o.integer("finalists", 3, 1), MAX_SEEDS);
        return new SearchSettings(trials, parallel, sampler, pruner, objective, affinityEvery, affinityEpochs, baseline,
                baselineTrials, Duration.ofSeconds(limit), maxTaskDrop, maxParameters, seeds, finalists);
    }

    private static String objective(Options o) {
        String objective = o.string("objective", SearchSettings.DELTA_M).replace('-', '_');
        if (!objective.equals(SearchSettings.DELTA_M) && !objective.equals(SearchSettings.PER_TASK)) {
            throw new SpecException(o.path("objective"), "must be delta_m (one objective, Δm) or per_task (each task's"
                    + " metric its own objective: a Pareto search), got \"" + o.string("objective") + "\"");
        }
        return objective;
    }

    private static SamplerChoice sampler(Options o, long seed) {
        Options s = kindAndOptions(o, "sampler", "tpe", Set.of("type", "startup_trials", "population_size", "seed",
                "crossover"));
        String type = s.string("type");
        SamplerChoice.Kind kind = switch (type.replace("-", "").replace("_", "")) {
            case "tpe" -> SamplerChoice.Kind.TPE;
            case "random" -> SamplerChoice.Kind.RANDOM;
            case "nsga2", "nsgaii" -> SamplerChoice.Kind.NSGA2;
            case "nsga3", "nsgaiii" -> SamplerChoice.Kind.NSGA3;
            case "cmaes" -> SamplerChoice.Kind.CMAES;
            case "qmc" -> SamplerChoice.Kind.QMC;
            case "grid" -> throw new SpecException(s.path("type"), "grid is not offered for a search: which widths and"
                    + " depths a layout has depends on its grouping, a conditional space a fixed grid cannot enumerate"
                    + " (the search-space library's GridSampler serves flat spaces); use qmc to cover the space evenly");
            default -> throw new SpecException(s.path("type"), "must be tpe, nsga2, nsga3, cmaes, qmc or random, got \""
                    + type + "\"");
        };
        if (s.has("startup_trials") && kind != SamplerChoice.Kind.TPE && kind != SamplerChoice.Kind.CMAES) {
            throw new SpecException(s.path("startup_trials"), "only tpe and cmaes have startup trials");
        }
        if (s.has("population_size") && !Set.of(SamplerChoice.Kind.NSGA2, SamplerChoice.Kind.NSGA3,
                SamplerChoice.Kind.CMAES).contains(kind)) {
            throw new SpecException(s.path("population_size"), "only nsga2, nsga3 and cmaes have a population");
        }
        // Optuna's population of 50 suits hundreds of trials; a search trains tens, and would never leave generation 0.
        // 0 leaves CMA-ES its own population size (4 + 3 ln n), already small.
        int population = s.has("population_size") ? s.integer("population_size", 10, 2)
                : kind == SamplerChoice.Kind.CMAES ? 0 : 10;
        SamplerChoice.Crossover crossover = crossover(s, kind);
        int parents = crossover.operator().parentCount();
        if (population < parents && (kind == SamplerChoice.Kind.NSGA2 || kind == SamplerChoice.Kind.NSGA3)) {
            throw new SpecException(s.path("population_size"), crossover.specName() + " crossover breeds from "
                    + parents + " parents; the population must hold at least that many, got " + population);
        }
        return new SamplerChoice(kind, s.integer("startup_trials", kind == SamplerChoice.Kind.CMAES ? 0 : 10, 0),
                population, s.longValue("seed", seed), crossover);
    }

    /** {@code crossover:} of nsga2 and nsga3; BLX-α (α = 0.5) by default. */
    private static SamplerChoice.Crossover crossover(Options s, SamplerChoice.Kind kind) {
        if (!s.has("crossover")) {
            return SamplerChoice.Crossover.BLX_ALPHA;
        }
        if (kind != SamplerChoice.Kind.NSGA2 && kind != SamplerChoice.Kind.NSGA3) {
            throw new SpecException(s.path("crossover"), "only nsga2 and nsga3 breed children by crossover");
        }
        String name = s.string("crossover").toLowerCase(Locale.ROOT).replace('-', '_');
        for (SamplerChoice.Crossover c : SamplerChoice.Crossover.values()) {
            if (c.specName().equals(name) || c.specName().replace("_", "").equals(name)) {
                return c;
            }
        }
        throw new SpecException(s.path("crossover"), "must be one of " + Arrays.stream(SamplerChoice.Crossover.values())
                .map(SamplerChoice.Crossover::specName).toList() + ", got \"" + s.string("crossover") + "\"");
    }

    /**
     * CMA-ES adapts numeric parameters and draws categorical ones at random; a search's widths, groupings, weighting
     * methods and activations are categorical, so it is only offered when each of those is fixed to one choice
     * (what is left: depths, learning rate, dropout and weighting hyper-parameters).
     */
    private static void requireNumericSpace(SpaceSpec space, Weighting weighting, int tasks) {
        List<String> categorical = new ArrayList<>();
        if (space.widths().size() > 1) {
            categorical.add("space.widths (" + space.widths().size() + " choices)");
        }
        boolean oneGrouping = tasks == 1 || space.groupings() instanceof GroupingChoice.Listed l && l.groupings().size() == 1;
        if (!oneGrouping) {
            categorical.add("space.groupings (" + (space.groupings() instanceof GroupingChoice.Auto ? "auto" : "several") + ")");
        }
        if (weighting.methods().size() > 1) {
            categorical.add("weighting.methods (" + weighting.methods().size() + " choices)");
        }
        if (space.activations() != null && space.activations().isSearched()) {
            categorical.add("space.activation (" + space.activations().names().size() + " choices)");
        }
        if (!categorical.isEmpty()) {
            throw new SpecException("search.sampler.type", "cmaes adapts only numeric parameters, and this space samples"
                    + " categorical ones it would draw at random: " + String.join(", ", categorical) + "; fix each to one"
                    + " choice, or use tpe");
        }
    }

    private static PrunerChoice pruner(Options o, int epochs) {
        Options p = kindAndOptions(o, "pruner", "none", Set.of("type", "epsilon", "patience", "warmup_epochs",
                "startup_trials", "min_epochs", "reduction_factor", "lower", "min_delta", "audit"));
        String type = p.string("type");
        PrunerChoice.Kind kind = java.util.Arrays.stream(PrunerChoice.Kind.values())
                .filter(k -> k.specName().equals(type.replace('_', '-'))).findFirst()
                .orElseThrow(() -> new SpecException(p.path("type"), "must be one of " + java.util.Arrays.stream(
                        PrunerChoice.Kind.values()).map(PrunerChoice.Kind::specName).toList() + ", got \"" + type + "\""));
        for (String key : p.keys()) {
            if (!kind.keys().contains(key) && !Set.of("type", "startup_trials", "audit").contains(key)) {
                throw new SpecException(p.path(key), kind.specName() + " takes no " + key + "; it takes "
                        + new java.util.TreeSet<>(kind.keys()));
            }
        }
        if (kind == PrunerChoice.Kind.NONE && p.bool("audit", false)) {
            throw new SpecException(p.path("audit"), "there is nothing to audit without a pruner");
        }
        if (kind == PrunerChoice.Kind.THRESHOLD && !p.has("lower")) {
            throw new SpecException(p.path("lower"), "threshold needs lower: the Δm (percent) below which a trial is"
                    + " pruned, e.g. -10");
        }
        PrunerChoice d = PrunerChoice.none();
        boolean negativeTransfer = kind == PrunerChoice.Kind.NEGATIVE_TRANSFER;
        int minEpochs = p.integer("min_epochs", d.minEpochs(), 1);
        if (minEpochs >= epochs && (kind == PrunerChoice.Kind.ASHA || kind == PrunerChoice.Kind.HYPERBAND
                || kind == PrunerChoice.Kind.PARETO_ASHA)) {
            throw new SpecException(p.path("min_epochs"), "must be below training.epochs (" + epochs + ") for a rung"
                    + " to be reached before a trial ends, got " + minEpochs);
        }
        return new PrunerChoice(kind, p.number("epsilon", d.epsilon(), 0.0, 10.0), p.integer("patience", d.patience(), 1),
                p.integer("warmup_epochs", negativeTransfer ? epochs / 2 : 0, 0),
                p.integer("startup_trials", kind == PrunerChoice.Kind.MEDIAN ? 5 : 3, 0), minEpochs,
                p.integer("reduction_factor", d.reductionFactor(), 2), p.has("lower") ? p.number("lower", 0, -1e9, 1e9) : d.lower(),
                p.number("min_delta", d.minDelta(), 0.0, 1e9), p.bool("audit", false));
    }

    /** A field given as a bare name ({@code pruner: median}) or as a mapping with a {@code type}. */
    private static Options kindAndOptions(Options o, String key, String defaultType, Set<String> known) {
        Object v = o.asMap().get(key);
        if (v == null || v instanceof String) {
            return Options.of(o.path(key), Map.of("type", v == null ? defaultType : v));
        }
        Options nested = o.object(key).requireOnly(known);
        if (!nested.has("type")) {
            return Options.of(o.path(key), withType(nested.asMap(), defaultType));
        }
        return nested;
    }

    private static Map<String, Object> withType(Map<String, Object> m, String type) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.put("type", type);
        return out;
    }

    // ---- scalars ------------------------------------------------------------------------------------------

    private static int nonNegative(String path, Object v) {
        if (v instanceof Number n && !(v instanceof Double || v instanceof Float) || v instanceof Double d && d == Math.rint(d)) {
            long l = ((Number) v).longValue();
            if (l < 0 || l > 1_000_000) {
                throw new SpecException(path, "must be between 0 and 1000000, got " + l);
            }
            return (int) l;
        }
        throw new SpecException(path, "expected a whole number, got " + describe(v));
    }

    private static double finite(String path, Object v) {
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new SpecException(path, "expected a number, got " + describe(v));
    }

    private static double positive(String path, Object v) {
        if (v instanceof Number n && n.doubleValue() > 0 && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new SpecException(path, "expected a positive number, got " + describe(v));
    }

    private static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        if (v instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        return String.valueOf(v);
    }

    /**
     * A bound on a count, so that no spec can ask for unbounded work; a server bounds {@code parallel} further by
     * its cores and memory.
     */
    private static int atMost(Options o, String key, int value, int max) {
        if (value > max) {
            throw new SpecException(o.path(key), "at most " + max + ", got " + value);
        }
        return value;
    }
}
