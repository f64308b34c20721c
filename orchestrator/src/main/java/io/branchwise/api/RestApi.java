package io.branchwise.api;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.json.ContractSchema;
import io.branchwise.launcher.external.ExternalTrainers;
import io.branchwise.search.host.SearchHost;
import io.branchwise.storage.Storage;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * The HTTP API under {@code /api}: JSON in snake_case, errors as RFC 9457 problem JSON, storage work on worker
 * threads. Described by {@code openapi.yaml} beside this class, served at {@code GET /api/openapi.yaml}; a test
 * keeps the two in step (every route is documented, every documented route exists).
 */
public final class RestApi {
    /** Specs and study definitions are small; a larger body is refused before it is buffered. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    static final String OPENAPI_RESOURCE = "openapi.yaml";

    private final Router router;
    private final BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    private final long bodyTimeoutMillis;

    /**
     * @param storage        the server's storage; writes made here publish events only if it is the observed one
     * @param searches       runs posted searches; null for a server that runs none (search endpoints answer 503)
     * @param external       trains the jobs of searches posted with {@code external_trainers=true} (gRPC Ask)
     * @param specDirectory  relative paths in posted specs resolve against it
     * @param signIn         checks the token of {@code POST /api/session} and sets the dashboard's cookie
     * @param bodyTimeout    how long a request body may take to arrive whole (then 408)
     */
    public RestApi(Vertx vertx, Storage storage, SearchHost searches, ExternalTrainers external, PluginCatalog catalog,
                   EventHub events, String storageDescription, Path specDirectory, SignIn signIn,
                   Duration bodyTimeout) {
        this.bodyTimeoutMillis = bodyTimeout.toMillis();
        Replies replies = new Replies(vertx);
        StudyRoutes studies = new StudyRoutes(storage, searches, replies);
        TrialRoutes trials = new TrialRoutes(storage, replies);
        SearchRoutes search = new SearchRoutes(storage, searches, external, specDirectory, replies);
        ResultRoutes results = new ResultRoutes(storage, replies);
        ChartRoutes charts = new ChartRoutes(storage, replies);
        PluginRoutes plugins = new PluginRoutes(catalog);
        Buffer openApi = openApiDocument();

        router = Router.router(vertx);
        router.get("/api/health").handler(rc -> {
            QueryParameters.of(rc);
            Replies.send(rc, 200, new JsonObject().put("status", "UP").put("storage", storageDescription)
                    .put("searches", searches != null).put("event_streams", events.openStreams()));
        });
        router.get("/api/openapi.yaml").handler(rc -> rc.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8").end(openApi));

        router.get("/api/schemas/:file").handler(RestApi::contractSchema);

        router.get("/api/studies").handler(studies::list);
        router.post("/api/studies").handler(body()).handler(studies::create);
        router.get("/api/studies/:id").handler(studies::get);
        router.delete("/api/studies/:id").handler(studies::delete);
        router.post("/api/studies/:id/stop").handler(search::stop);
        router.get("/api/studies/:id/trials").handler(trials::page);
        router.get("/api/studies/:id/trials/:number").handler(trials::byNumber);
        router.get("/api/studies/:id/affinity").handler(results::affinity);
        router.get("/api/studies/:id/recommendation").handler(results::recommendation);
        router.get("/api/studies/:id/baselines").handler(results::baselines);
        router.get("/api/studies/:id/history").handler(charts::history);
        router.get("/api/studies/:id/importance").handler(charts::importance);
        router.get("/api/studies/:id/events").handler(rc -> studyEvents(rc, storage, replies, events));

        router.post("/api/searches").handler(body()).handler(search::start);
        router.post("/api/searches/validate").handler(body()).handler(search::validate);

        router.get("/api/trials/:trialId").handler(trials::get);
        router.get("/api/trials/:trialId/curves").handler(trials::curves);

        router.post("/api/session").handler(body()).handler(rc -> session(rc, signIn));

        router.get("/api/plugins").handler(plugins::plugins);
        router.get("/api/task-types").handler(plugins::taskTypes);

        router.get("/api/events").handler(rc -> {
            QueryParameters.of(rc);
            events.stream(rc, null);
        });

        FailureResponder failures = new FailureResponder();
        router.route().failureHandler(failures);
        // Requests no route matched never fail a route, so the router's own 404/405 get the same problem JSON.
        router.errorHandler(404, failures);
        router.errorHandler(405, failures);
    }

    /** A JSON Schema of the trial contract, as external trainers in other languages read and write it. */
    private static void contractSchema(RoutingContext rc) {
        QueryParameters.of(rc);
        ContractSchema schema = ContractSchema.byFileName(rc.pathParam("file")).orElseThrow(() ->
                ProblemException.notFound("no such schema; the schemas are "
                        + Arrays.stream(ContractSchema.values()).map(ContractSchema::fileName).toList()));
        rc.response().putHeader("Content-Type", "application/schema+json").end(schema.text());
    }

    /** The router: mount it on the server's request handler. */
    public Router router() {
        return router;
    }

    /**
     * A body of at most {@link #MAX_BODY_BYTES} that must arrive whole within the body timeout: a body sent a byte
     * at a time would otherwise hold its connection and buffer for as long as the sender likes.
     */
    private Handler<RoutingContext> body() {
        return rc -> {
            long timer = rc.vertx().setTimer(bodyTimeoutMillis, id -> {
                if (!rc.request().isEnded() && !rc.response().headWritten()) {
                    rc.fail(408);
                }
            });
            rc.addEndHandler(ignored -> rc.vertx().cancelTimer(timer));
            bodies.handle(rc);
        };
    }

    /** The dashboard's sign-in: the token in a JSON body, a cookie in return. */
    private static void session(RoutingContext rc, SignIn signIn) {
        QueryParameters.of(rc);
        if (!signIn.tokenRequired()) {
            throw ProblemException.conflict("no-token", "No token needed", "this server needs no token");
        }
        Object token = RequestBodies.jsonObject(rc).getValue("token");
        if (!signIn.signIn(token instanceof String text ? text : null, rc.response())) {
            rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"branchwise\"");
            throw new ProblemException(Problem.of("unauthenticated", "Token required", 401,
                    "the token does not match this server's"));
        }
        rc.response().setStatusCode(204).end();
    }

    /** The token check of the server's request guard, for {@code POST /api/session}. */
    public interface SignIn {
        boolean tokenRequired();

        /** Whether {@code token} is the server's; if so the dashboard's cookie is set on {@code response}. */
        boolean signIn(String token, HttpServerResponse response);
    }

    /** A study's stream: 404 for an unknown study (checked on a worker), then only its events. */
    private static void studyEvents(RoutingContext rc, Storage storage, Replies replies, EventHub events) {
        QueryParameters.of(rc);
        long id = QueryParameters.id(rc, "id");
        replies.blocking(() -> storage.study(id)).onComplete(found -> {
            if (found.failed()) {
                rc.fail(found.cause());
            } else {
                events.stream(rc, id);
            }
        });
    }

    private static Buffer openApiDocument() {
        try (InputStream in = RestApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing beside " + RestApi.class.getName());
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }
}
