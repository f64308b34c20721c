package io.branchwise.plugin.data;

import io.branchwise.plugin.Options;

import java.nio.file.Path;

/**
 * What a data source is asked to load.
 *
 * @param options       the source's options from the spec ({@code data.options})
 * @param seed          every random choice (splits, shuffles, generated values) derives from it
 * @param baseDirectory relative paths in the options resolve against it (the spec file's folder)
 */
public record DataRequest(Options options, long seed, Path baseDirectory) {
    public Path resolve(String file) {
        Path p = Path.of(file);
        return p.isAbsolute() || baseDirectory == null ? p : baseDirectory.resolve(p);
    }
}
