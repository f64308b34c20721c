package io.branchwise.catalog;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where plugins are looked for when the command line names no {@code --plugins}: the folders listed in
 * {@code BRANCHWISE_PLUGINS}, else {@code plugins/} beside the running jar, plus — when the jar runs from a build
 * tree ({@code orchestrator/target/branchwise.jar}) — each plugin module's {@code target/plugins/}, so a fresh
 * {@code mvn package} works without copying anything.
 */
public final class PluginDirectories {
    public static final String ENV = "BRANCHWISE_PLUGINS";

    private PluginDirectories() {
    }

    public static List<Path> defaults() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Stream.of(env.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
        }
        List<Path> dirs = new ArrayList<>();
        Path jarDir = runningJarDirectory();
        if (jarDir != null) {
            dirs.add(jarDir.resolve("plugins"));
            Path root = jarDir.getParent() == null ? null : jarDir.getParent().getParent();
            if (root != null && Files.isDirectory(root.resolve("plugins"))) {
                try (Stream<Path> modules = Files.list(root.resolve("plugins"))) {
                    modules.map(m -> m.resolve("target").resolve("plugins")).filter(Files::isDirectory).sorted().forEach(dirs::add);
                } catch (java.io.IOException e) {
                    // An unreadable build tree just contributes no plugins.
                }
            }
        }
        return dirs;
    }

    private static Path runningJarDirectory() {
        try {
            Path location = Path.of(PluginDirectories.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // From classes/ (tests, IDE) the "jar directory" is target/, which gives the same build-tree layout.
            return location.toAbsolutePath().getParent();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }
}
