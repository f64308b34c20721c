package io.branchwise.trial;

import io.branchwise.plugin.Options;

/** The {@code data:} part of a spec: which data source plugin, and its own options ({@code data.options}). */
public record DataChoice(String source, Options options) {
}
