package io.branchwise.cli;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.catalog.PluginDirectories;
import io.branchwise.catalog.PluginProblem;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code --plugins DIR} shared by every command that loads plugins. */
final class PluginOptions {
    @Option(names = "--plugins", paramLabel = "DIR",
            description = "A plugins directory (repeatable). Default: $BRANCHWISE_PLUGINS, else plugins/ beside the jar and the build tree's plugin modules.")
    List<Path> dirs;

    List<Path> directories() {
        return dirs == null || dirs.isEmpty() ? PluginDirectories.defaults() : dirs;
    }

    /** Loads the catalog and warns about each broken plugin; the working ones stay usable. */
    PluginCatalog load(PrintStream warnings) {
        PluginCatalog catalog = PluginCatalog.load(PluginCatalog.class.getClassLoader(), directories());
        for (PluginProblem p : catalog.problems()) {
            warnings.println("warning: " + p);
        }
        return catalog;
    }
}
