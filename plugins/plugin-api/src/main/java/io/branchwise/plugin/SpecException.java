package io.branchwise.plugin;

/**
 * A spec (or plugin option) that cannot be used, with the path of the offending field, so the message reads
 * {@code tasks[2].target: column "y9" not in data source}.
 */
public final class SpecException extends IllegalArgumentException {
    private final String path;
    private final String problem;

    public SpecException(String path, String problem) {
        super(path == null || path.isEmpty() ? problem : path + ": " + problem);
        this.path = path == null ? "" : path;
        this.problem = problem;
    }

    /** The field path ({@code data.options.rows}); empty for the spec as a whole. */
    public String path() {
        return path;
    }

    /** The message without the path. */
    public String problem() {
        return problem;
    }
}
