package io.branchwise.catalog;

/** A plugin that could not be loaded, or a provider it declares that could not be created. */
public record PluginProblem(String plugin, String message) {
    @Override
    public String toString() {
        return "plugin " + plugin + ": " + message;
    }
}
