package io.branchwise.cli;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.catalog.PluginInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "Lists the data sources, task types and trainers available, and plugins that failed to load.")
final class PluginsCommand implements Callable<Integer> {
    @Mixin
    private PluginOptions plugins;

    @Override
    public Integer call() {
        PluginCatalog catalog = plugins.load(System.err);
        System.out.printf("%-12s %-14s %-22s %s%n", "KIND", "NAME", "PLUGIN", "DESCRIPTION");
        for (PluginInfo i : catalog.describe()) {
            System.out.printf("%-12s %-14s %-22s %s%n", i.kind(), i.name(), i.plugin(), i.description());
        }
        System.out.println("plugin directories: " + plugins.directories());
        return catalog.problems().isEmpty() ? 0 : 1;
    }
}
