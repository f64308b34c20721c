package io.branchwise.catalog;

/**
 * One provider a plugin contributes.
 *
 * @param kind   {@code data-source}, {@code task-type} or {@code trainer}
 * @param plugin where it came from: {@code built-in} or the jar / folder name under a plugins directory
 */
public record PluginInfo(String kind, String name, String description, String plugin) {
}
