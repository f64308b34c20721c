package io.branchwise.api;

import io.branchwise.lifecycle.FatalErrors;
import io.branchwise.search.SearchException;
import io.branchwise.search.spec.InvalidSpecException;
import io.branchwise.storage.StorageException;
import io.branchwise.storage.StorageFailure;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers every failed request of the API with problem JSON: refusals a handler raised, storage refusals (which
 * already say what and where), and the router's own 404/405/413. Anything else is a bug or a broken database:
 * logged in full, answered 500 with the message only.
 */
final class FailureResponder implements Handler<RoutingContext> {
    private static final Logger LOG = Logger.getLogger(FailureResponder.class.getName());

    @Override
    public void handle(RoutingContext rc) {
        Problem problem = problemFor(rc.failure(), rc.statusCode(), rc.request().method() + " " + rc.request().path());
        HttpServerResponse response = rc.response();
        if (response.headWritten()) {
            // An event stream or a half-sent body: no status line can follow any more, so end the exchange.
            LOG.log(Level.FINE, "failure after the response started: " + problem.detail());
            response.reset();
            return;
        }
        response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(problem.toJson(rc.request().path()).encode());
    }

    static Problem problemFor(Throwable failure, int status, String request) {
        if (failure instanceof ProblemException p) {
            return p.problem();
        }
        if (failure instanceof InvalidSpecException e) {
            return SearchRoutes.invalidSpec(e);
        }
        if (failure instanceof StorageException.NotFound e) {
            return Problem.of("not-found", "Not found", 404, e.getMessage());
        }
        if (failure instanceof StorageException.DuplicateStudy e) {
            return Problem.of("duplicate-study", "Study exists", 409, e.getMessage());
        }
        if (failure instanceof StorageException.TrialFinished e) {
            return Problem.of("trial-finished", "Trial finished", 409, e.getMessage());
        }
        if (failure instanceof StorageException.InvalidInput e) {
            return Problem.of("invalid-input", "Invalid input", 422, e.getMessage());
        }
        if (failure instanceof SearchException e) {
            return Problem.of("search-conflict", "Search cannot start", 409, e.getMessage());
        }
        if (failure instanceof StorageFailure e) {
            LOG.log(Level.SEVERE, request + " failed in the database", e);
            return Problem.of("storage-failure", "Storage failure", 500, e.getMessage());
        }
        if (failure != null) {
            LOG.log(Level.SEVERE, request + " failed unexpectedly", failure);
            FatalErrors.check(failure);
            return Problem.of("internal", "Internal server error", 500, request + " failed: " + failure);
        }
        return switch (status) {
            case 404 -> Problem.of("no-such-endpoint", "Not found", 404,
                    "no endpoint " + request + "; see /api/openapi.yaml for the API");
            case 408 -> Problem.of("request-timeout", "Request timeout", 408,
                    "the request body did not arrive whole in time");
            case 405 -> Problem.of("method-not-allowed", "Method not allowed", 405,
                    request + ": the path exists, the method does not; see /api/openapi.yaml");
            case 413 -> Problem.of("body-too-large", "Request body too large", 413,
                    "the request body is larger than " + RestApi.MAX_BODY_BYTES + " bytes");
            case 415 -> Problem.of("unsupported-media-type", "Unsupported media type", 415,
                    "the request's Content-Type is not accepted here");
            default -> Problem.of("http-" + Math.max(status, 500), "Request failed", Math.max(status, 400),
                    request + " failed with status " + status);
        };
    }
}
