package io.branchwise.catalog;

import io.branchwise.plugin.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plugins compiled and jarred by the test itself, so their classes are on no class path but the plugin's own. */
class PluginCatalogTest {
    @TempDir
    Path dir;

    private static String taskType(String pkg, String cls, String name) {
        return """
                package %s;
                public final class %s implements io.branchwise.plugin.task.TaskType {
                    public String name() { return "%s"; }
                    public String description() { return "compiled by the test"; }
                    public java.util.List<String> metrics() { return java.util.List.of("m"); }
                    public io.branchwise.plugin.task.TaskHead bind(io.branchwise.plugin.task.TaskDefinition t,
                            io.branchwise.plugin.data.Dataset d) { throw new UnsupportedOperationException(); }
                }
                """.formatted(pkg, cls, name);
    }

    /** Compiles the sources and writes a jar with the given service files. */
    private Path jar(Path target, Map<String, String> sources, Map<String, String> services) throws IOException {
        Path src = Files.createTempDirectory(dir, "src");
        Path classes = Files.createTempDirectory(dir, "classes");
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        try (Stream<Path> s = Files.walk(src)) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();
        Files.createDirectories(target.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target)); Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
            }
            for (Map.Entry<String, String> e : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + e.getKey()));
                ((OutputStream) out).write(e.getValue().getBytes());
            }
        }
        return target;
    }

    @Test
    void builtInsComeFromTheClassPath() {
        PluginCatalog catalog = PluginCatalog.load(getClass().getClassLoader(), List.of(dir.resolve("absent")));
        assertThat(catalog.trainers()).containsKey("scripted");
        assertThat(catalog.describe()).anySatisfy(i -> {
            assertThat(i.name()).isEqualTo("fixture");
            assertThat(i.kind()).isEqualTo("data-source");
            assertThat(i.plugin()).isEqualTo(PluginCatalog.BUILT_IN);
        });
        assertThat(catalog.problems()).isEmpty();
    }

    @Test
    void jarAndFolderPluginsLoadInTheirOwnClassLoaders() throws IOException {
        Path plugins = dir.resolve("plugins");
        jar(plugins.resolve("ordinal.jar"), Map.of("ext.ordinal.Ordinal", taskType("ext.ordinal", "Ordinal", "ordinal")),
                Map.of("io.branchwise.plugin.task.TaskType", "ext.ordinal.Ordinal\n"));
        jar(plugins.resolve("survival").resolve("lib").resolve("survival-1.0.jar"),
                Map.of("ext.surv.Survival", taskType("ext.surv", "Survival", "survival")),
                Map.of("io.branchwise.plugin.task.TaskType", "# a comment\next.surv.Survival\n"));
        PluginCatalog catalog = PluginCatalog.load(getClass().getClassLoader(), List.of(plugins));
        assertThat(catalog.problems()).isEmpty();
        assertThat(catalog.taskType("ordinal").getClass().getClassLoader().getName()).isEqualTo("plugin:ordinal.jar");
        assertThat(catalog.describe()).filteredOn(i -> i.name().equals("survival")).singleElement()
                .satisfies(i -> assertThat(i.plugin()).isEqualTo("survival"));
        // The built-ins are still there once, not again through each plugin's parent loader.
        assertThat(catalog.trainers()).containsOnlyKeys("scripted");
    }

    @Test
    void brokenPluginIsReportedByNameAndTheOthersStillLoad() throws IOException {
        Path plugins = dir.resolve("plugins");
        jar(plugins.resolve("good.jar"), Map.of("ext.good.Good", taskType("ext.good", "Good", "good")),
                Map.of("io.branchwise.plugin.task.TaskType", "ext.good.Good\n"));
        jar(plugins.resolve("broken.jar"), Map.of("ext.broken.Other", taskType("ext.broken", "Other", "other")),
                Map.of("io.branchwise.plugin.task.TaskType", "ext.broken.Missing\n"));
        jar(plugins.resolve("clash.jar"), Map.of("ext.clash.Fixture", taskType("ext.clash", "Fixture", "fixture-regression")),
                Map.of("io.branchwise.plugin.task.TaskType", "ext.clash.Fixture\n"));
        Files.writeString(plugins.resolve("empty.jar"), "not a jar at all");
        PluginCatalog catalog = PluginCatalog.load(getClass().getClassLoader(), List.of(plugins));
        assertThat(catalog.taskTypes()).containsKeys("good", "fixture-regression").doesNotContainKey("other");
        assertThat(catalog.problems()).extracting(PluginProblem::plugin).containsExactlyInAnyOrder("broken.jar", "clash.jar", "empty.jar");
        assertThat(catalog.problems()).filteredOn(p -> p.plugin().equals("broken.jar")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("ext.broken.Missing"));
        assertThat(catalog.problems()).filteredOn(p -> p.plugin().equals("clash.jar")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("already provided by built-in"));
    }

    @Test
    void unknownNameListsWhatIsAvailable() {
        PluginCatalog catalog = PluginCatalog.builtIns();
        assertThatThrownBy(() -> catalog.dataSource("parquet"))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("unknown data source \"parquet\"; available: [")
                .hasMessageContaining("fixture");
    }
}
