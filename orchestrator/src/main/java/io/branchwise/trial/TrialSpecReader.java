package io.branchwise.trial;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.WeightingMethod;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a trial spec (YAML, or JSON — YAML's subset):
 * <pre>
 * trainer: dl4j                       # default
 * seed: 7                             # data split and initialisation
 * data: {source: synthetic, options: {tasks: 6, groups: [3, 3]}}
 * tasks:
 *   - {name: t0, type: regression, target: t0, metric: rmse, weight: 1}
 * layout: "1x64[2x32[t0,t1,t2],2x32[t3,t4,t5]]"    # or a mapping, see below
 * weighting: {method: dwa, temperature: 2}
 * training: {epochs: 10, batch_size: 256, learning_rate: 0.001, affinity_every: 0}
 * </pre>
 * {@code layout} is the canonical string of {@link SharingLayout}, or a mapping
 * {@code {sharing: hard | task-specific | grouped, trunk: {depth, width}, branch: {depth, width}, groups: [[a, b], [c]]}}.
 * Every problem is reported with its field path.
 */
public final class TrialSpecReader {
    private static final Set<String> TOP = Set.of("trainer", "seed", "data", "tasks", "layout", "weighting", "training",
            "references");
    private static final Map<WeightingMethod, Map<String, Double>> DEFAULT_HYPER = Map.of(
            WeightingMethod.DWA, Map.of("temperature", 2.0),
            WeightingMethod.GRADNORM, Map.of("alpha", 1.5),
            WeightingMethod.CAGRAD, Map.of("c", 0.4),
            WeightingMethod.NASH_MTL, Map.of("update_every", 1.0));

    private TrialSpecReader() {
    }

    /** Reads a spec file; relative data paths resolve against its folder. */
    public static TrialSpec read(Path file) throws IOException {
        return fromMap(readYaml(file), file.toAbsolutePath().getParent());
    }

    /** A spec file (trial or search) as plain maps and lists. */
    public static Map<String, Object> readYaml(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException("", "spec file " + file + " does not exist");
        }
        return parseYaml(text, file.toString());
    }

    /** Parses YAML (or JSON) text into plain maps and lists, refusing anything but a mapping at the top. */
    public static Map<String, Object> parseYaml(String text, String where) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(16 * 1024 * 1024);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new SpecException("", where + " line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
                    + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new SpecException("", where + ": " + e.getMessage());
        }
        if (!(doc instanceof Map<?, ?> m)) {
            throw new SpecException("", where + ": expected a mapping at the top, got " + (doc == null ? "an empty document" : doc.getClass().getSimpleName()));
        }
        return Options.element("", m).asMap();
    }

    /** A spec in its JSON form ({@link TrialSpecWriter}) or as a person wrote it, read from plain maps and lists. */
    public static TrialSpec fromMap(Map<String, Object> raw, Path baseDirectory) {
        Options spec = Options.of("", raw).requireOnly(TOP);
        String trainer = trainer(spec);
        long seed = seed(spec);
        DataChoice data = data(spec);
        List<TaskDefinition> tasks = tasks(spec);
        List<String> names = tasks.stream().map(TaskDefinition::name).toList();
        SharingLayout layout = layout(spec, names);
        LossWeighting weighting = weighting(spec.object("weighting"), names);
        TrainingOptions training = training(spec.object("training"), seed);
        return new TrialSpec(trainer, data, seed, baseDirectory, tasks, layout, weighting, training,
                references(spec));
    }

    /**
     * {@code references: {task: value}}, optional: per task, the value of its metric that the trainer's choice of
     * epoch measures against (a search passes its single-task baselines). {@link TrialSpec} checks that they are
     * finite and name its tasks.
     */
    private static Map<String, Double> references(Options spec) {
        if (!spec.has("references")) {
            return Map.of();
        }
        Options refs = spec.object("references");
        Map<String, Double> out = new LinkedHashMap<>();
        for (String task : refs.keys()) {
            out.put(task, refs.number(task));
        }
        return out;
    }

    /** {@code trainer:}, the trainer plugin's name; dl4j when absent. */
    public static String trainer(Options spec) {
        return spec.string("trainer", "dl4j");
    }

    /** {@code seed:}, from which data splits and initialisation derive; 0 when absent. */
    public static long seed(Options spec) {
        return spec.longValue("seed", 0L);
    }

    /** {@code data: {source, options}}. */
    public static DataChoice data(Options spec) {
        Options data = spec.object("data").requireOnly(Set.of("source", "options"));
        return new DataChoice(data.string("source"), data.object("options"));
    }

    /** {@code training:}; its seed defaults to the spec's. */
    public static TrainingOptions training(Options training, long seed) {
        TrainingOptions options = TrainingOptions.from(training);
        return training.has("seed") ? options : options.withSeed(seed);
    }

    /** {@code tasks:}, with names checked to be valid and distinct. */
    public static List<TaskDefinition> tasks(Options spec) {
        List<?> list = spec.list("tasks");
        if (list.isEmpty()) {
            throw new SpecException("tasks", "name at least one task");
        }
        List<TaskDefinition> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Options t = Options.element("tasks[" + i + "]", list.get(i))
                    .requireOnly(Set.of("name", "type", "target", "targets", "metric", "weight", "options"));
            String name = t.string("name");
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                throw new SpecException(t.path("name"), "must match [A-Za-z_][A-Za-z0-9_.-]*, got \"" + name + "\"");
            }
            if (!seen.add(name)) {
                throw new SpecException(t.path("name"), "task \"" + name + "\" is named twice");
            }
            if (t.has("target") == t.has("targets")) {
                throw new SpecException(t.path("target"), "give exactly one of target or targets");
            }
            String targetsKey = t.has("target") ? "target" : "targets";
            List<String> targets = t.strings(targetsKey);
            if (targets.isEmpty()) {
                throw new SpecException(t.path(targetsKey), "name at least one target column");
            }
            double weight = t.number("weight", 1.0);
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new SpecException(t.path("weight"), "must be positive, got " + weight);
            }
            out.add(new TaskDefinition(name, t.string("type"), targets, t.string("metric", null), weight, t.object("options")));
        }
        return out;
    }

    static SharingLayout layout(Options spec, List<String> tasks) {
        Object value = spec.asMap().get("layout");
        SharingLayout layout;
        if (value == null) {
            throw new SpecException("layout", "required: a layout string such as \"2x128[" + String.join(",", tasks)
                    + "]\" or a mapping {sharing: hard, trunk: {depth: 2, width: 128}}");
        } else if (value instanceof String text) {
            try {
                layout = SharingLayout.parse(text);
            } catch (IllegalArgumentException e) {
                throw new SpecException("layout", e.getMessage());
            }
        } else {
            layout = layoutFromMapping(spec.object("layout"), tasks);
        }
        return layout; // TrialSpec checks that it names exactly the spec's tasks
    }

    private static SharingLayout layoutFromMapping(Options o, List<String> tasks) {
        o.requireOnly(Set.of("sharing", "trunk", "branch", "groups"));
        String sharing = o.string("sharing", o.has("groups") ? "grouped" : "hard");
        Block trunk = block(o.object("trunk"), sharing.equals("task-specific") ? 0 : 2, 128);
        Block branch = block(o.object("branch"), sharing.equals("hard") ? 0 : 1, 64);
        return switch (sharing) {
            case "hard" -> SharingLayout.hardSharing(trunk, tasks);
            case "task-specific" -> SharingLayout.taskSpecific(branch, tasks);
            case "grouped" -> {
                List<?> groups = o.list("groups");
                List<List<String>> parsed = new ArrayList<>();
                for (int i = 0; i < groups.size(); i++) {
                    String path = o.path("groups") + "[" + i + "]";
                    if (!(groups.get(i) instanceof List<?> g) || g.isEmpty()) {
                        throw new SpecException(path, "expected a non-empty list of task names");
                    }
                    parsed.add(g.stream().map(String::valueOf).toList());
                }
                try {
                    yield SharingLayout.grouped(trunk, parsed, branch);
                } catch (IllegalArgumentException e) {
                    throw new SpecException(o.path("groups"), e.getMessage());
                }
            }
            default -> throw new SpecException(o.path("sharing"), "must be hard, task-specific or grouped, got \"" + sharing + "\"");
        };
    }

    private static Block block(Options o, int depth, int width) {
        o.requireOnly(Set.of("depth", "width"));
        try {
            return Block.of(o.integer("depth", depth, 0), o.integer("width", width, 0));
        } catch (IllegalArgumentException e) {
            if (e instanceof SpecException) {
                throw e;
            }
            throw new SpecException(o.path(), e.getMessage());
        }
    }

    /** {@code weighting: {method, …its hyper-parameters}} of one trial. */
    public static LossWeighting weighting(Options o, List<String> tasks) {
        String name = o.string("method", "ew");
        WeightingMethod method;
        try {
            method = WeightingMethod.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new SpecException(o.path("method"), "unknown weighting method \"" + name + "\"; known: "
                    + java.util.Arrays.stream(WeightingMethod.values()).map(m -> m.name().toLowerCase(Locale.ROOT)).toList());
        }
        Map<String, Double> hyper = new LinkedHashMap<>(DEFAULT_HYPER.getOrDefault(method, Map.of()));
        Set<String> known = new LinkedHashSet<>(hyper.keySet());
        known.add("method");
        if (method == WeightingMethod.STATIC) {
            known.add("weights");
        }
        o.requireOnly(known);
        for (String key : hyper.keySet()) {
            hyper.put(key, o.number(key, hyper.get(key)));
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        if (method == WeightingMethod.STATIC) {
            Options w = o.object("weights");
            double sum = 0;
            for (String task : tasks) {
                double v = w.number(task, 1.0);
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new SpecException(w.path(task), "must be finite and ≥ 0, got " + v);
                }
                weights.put(task, v);
                sum += v;
            }
            for (String key : w.keys()) {
                if (!tasks.contains(key)) {
                    throw new SpecException(w.path(key), "no task named \"" + key + "\"; tasks are " + tasks);
                }
            }
            if (!(sum > 0)) {
                throw new SpecException(w.path(), "at least one weight must be positive");
            }
            double total = sum;
            weights.replaceAll((k, v) -> v / total);
            // Normalised weights may miss 1 by an ulp; LossWeighting checks the sum to 1e-9, so this is fine.
        }
        return new LossWeighting(method, hyper, weights);
    }
}
