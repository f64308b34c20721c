package io.branchwise.api;

import java.util.List;

/** A refusal that a handler throws (or fails its context with); the failure handler answers with its problem. */
final class ProblemException extends RuntimeException {
    private final Problem problem;

    ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }

    static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, detail));
    }

    /** A query or path parameter that cannot be used; the detail starts with its name. */
    static ProblemException badParameter(String name, String problem) {
        return new ProblemException(Problem.of("invalid-parameter", "Invalid parameter", 400, name + ": " + problem)
                .withErrors(List.of(new FieldError(name, problem))));
    }

    /** A body that could not even be read (not JSON, not YAML, not a mapping). */
    static ProblemException unreadableBody(String problem) {
        return new ProblemException(Problem.of("unreadable-body", "Unreadable request body", 400, problem)
                .withErrors(List.of(new FieldError("", problem))));
    }

    /** A body that was read but has problems, each at its field path. */
    static ProblemException invalidBody(String kind, String title, String detail, List<FieldError> errors) {
        return new ProblemException(Problem.of(kind, title, 422, detail).withErrors(errors));
    }

    static ProblemException unsupportedMediaType(String got, List<String> accepted) {
        return new ProblemException(Problem.of("unsupported-media-type", "Unsupported media type", 415,
                (got == null ? "the request has no Content-Type" : "Content-Type " + got + " is not accepted here")
                        + "; send one of " + accepted));
    }

    static ProblemException conflict(String kind, String title, String detail) {
        return new ProblemException(Problem.of(kind, title, 409, detail));
    }

    static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of("unavailable", "Service unavailable", 503, detail));
    }
}
