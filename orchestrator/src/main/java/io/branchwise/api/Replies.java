package io.branchwise.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;

/**
 * Moves a handler's storage work to a worker thread (JDBC blocks; event loops must not) and sends its result, or
 * hands its failure to the {@link FailureResponder}.
 */
final class Replies {
    private final Vertx vertx;

    Replies(Vertx vertx) {
        this.vertx = vertx;
    }

    <T> Future<T> blocking(Callable<T> work) {
        // Unordered: requests of one connection need not wait for each other on the worker pool.
        return vertx.executeBlocking(work, false);
    }

    /**
     * Runs {@code work} on a worker and answers {@code status} with the JSON it returns, encoded on the worker too
     * (a page of a thousand trials is a few hundred kilobytes: not event-loop work).
     */
    void json(RoutingContext rc, int status, Callable<JsonObject> work) {
        blocking(() -> work.call().toBuffer()).onSuccess(body -> send(rc, status, body)).onFailure(rc::fail);
    }

    static void send(RoutingContext rc, int status, JsonObject body) {
        send(rc, status, body.toBuffer());
    }

    private static void send(RoutingContext rc, int status, Buffer body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
