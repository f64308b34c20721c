package io.branchwise.launcher;

/**
 * A trainer-protocol message that is not well formed, with the JSON path of the member at fault ({@code $} for the
 * whole message, {@code $.values.t1}, {@code $.matrix[1][0]}), so whoever wrote it can find the mistake.
 */
public final class MalformedMessageException extends IllegalArgumentException {
    private final String path;
    private final String problem;

    public MalformedMessageException(String path, String problem) {
        this(path, problem, null);
    }

    /** @param cause the spec's own fault ({@link io.branchwise.plugin.SpecException}) when the spec was at fault */
    public MalformedMessageException(String path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }
}
