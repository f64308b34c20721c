package io.branchwise.plugin.data;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * What a data source is asked to load.
 *
 * @param options       the source's options from the spec ({@code data.options})
 * @param seed          every random choice (splits, shuffles, generated values) derives from it
 * @param baseDirectory relative paths in the options resolve against it (the spec file's folder)
 * @param access        where files may be read and how much; sources open files only through {@link #file} or
 *                      {@link #resolve} and check sizes against {@link DataAccess#limits()} before allocating
 */
public record DataRequest(Options options, long seed, Path baseDirectory, DataAccess access) {
    public DataRequest {
        access = access == null ? DataAccess.anywhere() : access;
    }

    /** Files anywhere, default limits (the embedded run, tests). */
    public DataRequest(Options options, long seed, Path baseDirectory) {
        this(options, seed, baseDirectory, DataAccess.anywhere());
    }

    /** The file named by option {@code key}, resolved and checked against the data roots before it is opened. */
    public Path file(String key) {
        return permitted(options.path(key), options.string(key));
    }

    /** A file named in the options as {@code file}, resolved and checked against the data roots. */
    public Path resolve(String file) {
        return permitted(options.path(), file);
    }

    public DataLimits limits() {
        return access.limits();
    }

    private Path permitted(String optionPath, String file) {
        Path p;
        try {
            p = Path.of(file);
        } catch (InvalidPathException e) {
            throw new SpecException(optionPath, "not a valid file path: " + e.getReason());
        }
        return access.permit(optionPath, p.isAbsolute() || baseDirectory == null ? p : baseDirectory.resolve(p));
    }
}
