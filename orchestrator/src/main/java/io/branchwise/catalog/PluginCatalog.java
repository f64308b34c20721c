package io.branchwise.catalog;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataSource;
import io.branchwise.plugin.task.TaskType;
import io.branchwise.plugin.trainer.Trainer;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every data source, task type and trainer this process can use: the built-ins on the class path plus the plugins
 * under the plugins directories. A plugin is a jar, or a folder of jars (the plugin's jar and its own
 * dependencies), directly under a plugins directory; each gets its own class loader whose parent holds the
 * plugin API, so two plugins may bring conflicting versions of a library. A plugin that fails to load is recorded
 * as a {@link PluginProblem} by name and the others still load.
 */
public final class PluginCatalog {
    public static final String BUILT_IN = "built-in";

    private final Map<String, Provided<DataSource>> dataSources = new TreeMap<>();
    private final Map<String, Provided<TaskType>> taskTypes = new TreeMap<>();
    private final Map<String, Provided<Trainer>> trainers = new TreeMap<>();
    private final List<PluginProblem> problems = new ArrayList<>();

    private record Provided<T>(T provider, String plugin) {
    }

    private PluginCatalog() {
    }

    /** Built-ins from {@code parent} plus the plugins in {@code directories} (missing directories are skipped). */
    public static PluginCatalog load(ClassLoader parent, Collection<Path> directories) {
        PluginCatalog catalog = new PluginCatalog();
        catalog.collect(BUILT_IN, parent, false);
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> entries;
            try (Stream<Path> s = Files.list(dir)) {
                entries = s.filter(p -> Files.isDirectory(p) || p.toString().endsWith(".jar"))
                        .sorted(Comparator.comparing(Path::toString)).toList();
            } catch (IOException e) {
                catalog.problems.add(new PluginProblem(dir.toString(), "cannot list the plugins directory: " + e.getMessage()));
                continue;
            }
            for (Path entry : entries) {
                catalog.loadPlugin(entry, parent);
            }
        }
        return catalog;
    }

    /** Built-ins only, from this class's loader. */
    public static PluginCatalog builtIns() {
        return load(PluginCatalog.class.getClassLoader(), List.of());
    }

    private void loadPlugin(Path entry, ClassLoader parent) {
        String name = entry.getFileName().toString();
        List<URL> urls = new ArrayList<>();
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> s = Files.walk(entry, 2)) {
                    for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                        urls.add(jar.toUri().toURL());
                    }
                }
                if (urls.isEmpty()) {
                    problems.add(new PluginProblem(name, "folder holds no jar"));
                    return;
                }
            } else {
                urls.add(entry.toUri().toURL());
            }
        } catch (IOException e) {
            problems.add(new PluginProblem(name, "cannot read: " + e.getMessage()));
            return;
        }
        // The loader stays open for the life of the process: providers keep loading classes from it lazily.
        URLClassLoader loader = new URLClassLoader("plugin:" + name, urls.toArray(URL[]::new), parent);
        int before = dataSources.size() + taskTypes.size() + trainers.size();
        int problemsBefore = problems.size();
        collect(name, loader, true);
        if (dataSources.size() + taskTypes.size() + trainers.size() == before && problems.size() == problemsBefore) {
            problems.add(new PluginProblem(name, "declares no data source, task type or trainer in META-INF/services"));
        }
    }

    private void collect(String plugin, ClassLoader loader, boolean ownClassesOnly) {
        register(plugin, loader, ownClassesOnly, DataSource.class, DataSource::name, dataSources);
        register(plugin, loader, ownClassesOnly, TaskType.class, TaskType::name, taskTypes);
        register(plugin, loader, ownClassesOnly, Trainer.class, Trainer::name, trainers);
    }

    private <T> void register(String plugin, ClassLoader loader, boolean ownClassesOnly, Class<T> type,
                              Function<T, String> nameOf, Map<String, Provided<T>> into) {
        ServiceLoader<T> services = ServiceLoader.load(type, loader);
        var it = services.stream().iterator();
        while (true) {
            ServiceLoader.Provider<T> provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(new PluginProblem(plugin, kind(type) + ": " + rootMessage(e)));
                continue;
            }
            // A plugin loader also sees its parent's services; those belong to the built-ins, already listed.
            if (ownClassesOnly && provider.type().getClassLoader() != loader) {
                continue;
            }
            T instance;
            String name;
            try {
                instance = provider.get();
                name = nameOf.apply(instance);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problems.add(new PluginProblem(plugin, kind(type) + " " + provider.type().getName() + ": " + rootMessage(e)));
                continue;
            }
            Provided<T> earlier = into.get(name);
            if (earlier != null) {
                problems.add(new PluginProblem(plugin, kind(type) + " \"" + name + "\" is already provided by "
                        + earlier.plugin() + "; this one is ignored"));
                continue;
            }
            into.put(name, new Provided<>(instance, plugin));
        }
    }

    public DataSource dataSource(String name) {
        return find(dataSources, name, "data source");
    }

    public TaskType taskType(String name) {
        return find(taskTypes, name, "task type");
    }

    public Trainer trainer(String name) {
        return find(trainers, name, "trainer");
    }

    public Map<String, DataSource> dataSources() {
        return unwrap(dataSources);
    }

    public Map<String, TaskType> taskTypes() {
        return unwrap(taskTypes);
    }

    public Map<String, Trainer> trainers() {
        return unwrap(trainers);
    }

    public List<PluginProblem> problems() {
        return List.copyOf(problems);
    }

    /**
     * Identifies the code that trains with {@code trainer} and the {@code taskTypes} (their heads and losses): a
     * digest of each provider's jar or classes, so that results computed with them (cached baselines) are not
     * reused after any of them changed. Unknown names fail as {@link #trainer} does.
     */
    public String codeVersion(String trainer, Collection<String> taskTypes) {
        java.util.Set<String> parts = new java.util.TreeSet<>();
        parts.add(CodeFingerprint.of(trainer(trainer).getClass()));
        taskTypes.forEach(t -> parts.add(CodeFingerprint.of(taskType(t).getClass())));
        return java.util.HexFormat.of().formatHex(CodeFingerprint.sha256()
                .digest(String.join(",", parts).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Everything provided, for {@code branchwise plugins} and the REST API. */
    public List<PluginInfo> describe() {
        List<PluginInfo> out = new ArrayList<>();
        dataSources.forEach((n, p) -> out.add(new PluginInfo("data-source", n, p.provider().description(), p.plugin())));
        taskTypes.forEach((n, p) -> out.add(new PluginInfo("task-type", n, p.provider().description(), p.plugin())));
        trainers.forEach((n, p) -> out.add(new PluginInfo("trainer", n, p.provider().description(), p.plugin())));
        return out;
    }

    private static <T> T find(Map<String, Provided<T>> map, String name, String kind) {
        Provided<T> p = map.get(name);
        if (p == null) {
            throw new SpecException("", "unknown " + kind + " \"" + name + "\"; available: " + map.keySet());
        }
        return p.provider();
    }

    private static <T> Map<String, T> unwrap(Map<String, Provided<T>> map) {
        Map<String, T> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v.provider()));
        return out;
    }

    private static String kind(Class<?> type) {
        return type == DataSource.class ? "data source" : type == TaskType.class ? "task type" : "trainer";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

}
