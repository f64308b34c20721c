package io.branchwise.api;

import io.vertx.core.http.HttpServerRequest;

/** Problem JSON for answers given before a request reaches the API's router (the server's request guard). */
public final class ProblemReply {
    private ProblemReply() {
    }

    /** Answers {@code request} with a problem of {@code kind} and closes nothing else. */
    public static void send(HttpServerRequest request, int status, String kind, String title, String detail) {
        Problem problem = Problem.of(kind, title, status, detail);
        request.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(problem.toJson(request.path()).encode());
    }
}
