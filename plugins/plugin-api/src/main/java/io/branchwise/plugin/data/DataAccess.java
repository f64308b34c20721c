package io.branchwise.plugin.data;

import io.branchwise.plugin.SpecException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Where data sources may read files, and how much. A server reads only under its data roots, because a spec comes
 * from whoever can reach the server: without roots any caller could make it open {@code /etc/passwd} or
 * {@code /proc/self/environ}. The embedded {@code branchwise run} reads whatever its own user names.
 *
 * <p>A path is checked before anything opens it: first as written (normalised, so {@code ..} cannot climb out),
 * then with its symbolic links followed, so a link inside a root cannot lead outside. Whether a file outside the
 * roots exists is never revealed.
 *
 * @param roots  folders (real paths) that files must lie under; empty = anywhere
 * @param limits what one request may read
 */
public record DataAccess(List<Path> roots, DataLimits limits) {
    private static final DataAccess ANYWHERE = new DataAccess(List.of(), DataLimits.DEFAULT);

    public DataAccess {
        roots = List.copyOf(roots);
        if (limits == null) {
            throw new IllegalArgumentException("limits must be given");
        }
    }

    /** Any file the process can read, within the default limits. */
    public static DataAccess anywhere() {
        return ANYWHERE;
    }

    /**
     * Only under {@code folders}, each of which must exist (they are kept as real paths, links followed).
     *
     * @throws IllegalArgumentException a folder does not exist or is not a folder
     */
    public static DataAccess under(List<Path> folders, DataLimits limits) {
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("at least one data root is needed");
        }
        return new DataAccess(folders.stream().map(DataAccess::realFolder).toList(), limits);
    }

    public DataAccess withLimits(DataLimits other) {
        return new DataAccess(roots, other);
    }

    /**
     * {@code path} if it may be read.
     *
     * @param optionPath the spec field that named it, for the error
     * @throws SpecException it lies outside the roots (nothing was opened)
     */
    public Path permit(String optionPath, Path path) {
        if (roots.isEmpty()) {
            return path;
        }
        Path absolute = path.toAbsolutePath().normalize();
        Path real = underARoot(absolute) ? followLinks(absolute) : null;
        if (real == null || !underARoot(real)) {
            throw new SpecException(optionPath, "the file is outside this server's data roots; a server reads data"
                    + " only under the folders given with serve --data-root (default: its working directory)");
        }
        return absolute;
    }

    private boolean underARoot(Path absolute) {
        return roots.stream().anyMatch(absolute::startsWith);
    }

    /**
     * The path with every link along it followed, for the part that exists (which, the path being under a root,
     * reaches at least the root); a missing tail is kept as written. Null when a link cannot be followed (a
     * dangling link, or one into a folder this process cannot read): where it leads is unknown, so it is refused.
     */
    private static Path followLinks(Path absolute) {
        Path existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return null;
        }
    }

    private static Path realFolder(Path folder) {
        try {
            Path real = folder.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException("data root " + folder + " is not a folder");
            }
            return real;
        } catch (IOException e) {
            throw new IllegalArgumentException("data root " + folder + " does not exist", new UncheckedIOException(e));
        }
    }
}
