package io.branchwise.server;

import io.branchwise.api.EventHub;
import io.branchwise.api.RestApi;
import io.branchwise.catalog.PluginCatalog;
import io.branchwise.events.ObservedStorage;
import io.branchwise.grpc.OptunaStorageService;
import io.branchwise.grpc.SearchGrpcService;
import io.branchwise.launcher.external.ExternalTrainers;
import io.branchwise.search.host.SearchHost;
import io.branchwise.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;

import java.util.concurrent.TimeUnit;

/**
 * The one HTTP port of Branchwise: gRPC (HTTP/2 cleartext, as Optuna's client speaks it) and the REST API side
 * by side. Requests are told apart by content type so that gRPC calls skip the web router entirely.
 *
 * <p>Both faces, and the searches the server hosts, write through one {@link ObservedStorage}, so the event
 * streams see every change whichever face made it. Stopping the server stops its searches (they store what
 * finished) before the caller closes the storage.
 */
public final class BranchwiseServer extends VerticleBase {
    /** gRPC's usual receive limit, the same as Optuna's own proxy server; larger messages get RESOURCE_EXHAUSTED. */
    public static final int MAX_GRPC_MESSAGE_BYTES = 4 * 1024 * 1024;

    private static final String RESOURCE_EXHAUSTED = Integer.toString(GrpcStatus.RESOURCE_EXHAUSTED.code);

    private final ServerConfig config;
    private final ObservedStorage storage;
    private final PluginCatalog catalog;
    private HttpServer http;
    private EventHub events;
    private SearchHost searches;
    private ExternalTrainers externalTrainers;
    private RestApi api;
    private Router dashboard;

    /** Storage only: no hosted searches. */
    public BranchwiseServer(String host, int port, Storage storage, String storageDescription) {
        this(ServerConfig.of(host, port, storageDescription), storage);
    }

    /** @param storage owned by the caller, who closes it after the server has stopped */
    public BranchwiseServer(ServerConfig config, Storage storage) {
        this.config = config;
        this.storage = new ObservedStorage(storage);
        // Loaded here rather than in start(): scanning the class path must not hold an event loop.
        this.catalog = config.searches() == null ? PluginCatalog.builtIns() : config.searches().catalog();
    }

    @Override
    public Future<?> start() {
        events = new EventHub(vertx, config.heartbeat(), config.connections().maxEventStreams());
        storage.addSink(events);
        searches = config.searches() == null ? null
                : new SearchHost(storage, config.searches().withDataAccess(config.dataAccess()), events,
                config.searchLimits());
        RequestGuard guard = new RequestGuard(config);

        GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(MAX_GRPC_MESSAGE_BYTES));
        grpc.addService(new OptunaStorageService(vertx, storage));
        externalTrainers = new ExternalTrainers(config.externalTrainers());
        grpc.addService(new SearchGrpcService(vertx, storage, searches, catalog, externalTrainers,
                config.specDirectory(), config.dataAccess()));
        // Building the router loads most of Vert.x Web's classes: seconds on a busy machine, so not on an event loop.
        return vertx.executeBlocking(() -> {
            dashboard = DashboardRoutes.router(vertx);
            return new RestApi(vertx, storage, searches, externalTrainers, catalog, events,
                    config.storageDescription(), config.specDirectory(), guard, config.connections().bodyTimeout());
        }).compose(built -> {
            api = built;
            http = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())
                    .setHttp2ClearTextEnabled(true)
                    .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                    .setIdleTimeout((int) config.connections().idleTimeout().toMillis())
                    .setReadIdleTimeout((int) config.connections().headerTimeout().toMillis()));
            http.connectionHandler(FlushConsolidation::install);
            return http.requestHandler(request -> {
                if (isGrpc(request)) {
                    if (guard.admitGrpc(request)) {
                        explainOversizedMessages(request);
                        grpc.handle(request);
                    }
                } else if (DashboardRoutes.isApi(request)) {
                    if (guard.admitHttp(request, true)) {
                        api.router().handle(request);
                    }
                } else if (guard.admitHttp(request, false)) {
                    dashboard.handle(request);
                }
            }).listen();
        });
    }

    /** Stops taking requests, then stops the hosted searches and waits for them to store what finished. */
    @Override
    public Future<?> stop() {
        Future<Void> closed = http == null ? Future.succeededFuture() : http.close();
        return closed.eventually(() -> vertx.executeBlocking(() -> {
            if (searches != null) {
                searches.close(config.searchStopLimit());
            }
            // After the searches: their stops end queued external jobs and give handed-out ones the stop grace.
            externalTrainers.close();
            storage.removeSink(events);
            return null;
        }));
    }

    private static boolean isGrpc(HttpServerRequest request) {
        String contentType = request.getHeader("content-type");
        return contentType != null && contentType.startsWith("application/grpc");
    }

    /**
     * Vert.x answers a message over the size limit with a bare RESOURCE_EXHAUSTED. A user who stored a huge
     * attribute deserves to know why, so the limit is named in the status message of that trailers-only reply.
     */
    private static void explainOversizedMessages(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        response.headersEndHandler(ignored -> {
            MultiMap headers = response.headers();
            if (RESOURCE_EXHAUSTED.equals(headers.get("grpc-status")) && !headers.contains("grpc-message")) {
                headers.set("grpc-message", "request message is larger than the server limit of "
                        + MAX_GRPC_MESSAGE_BYTES + " bytes");
            }
        });
    }

    /** The event streams' hub (tests watch streams open and close through it). */
    public EventHub events() {
        return events;
    }

    /** The REST API (tests compare its routes with openapi.yaml). */
    public RestApi api() {
        return api;
    }

    /** The bound port, which differs from the requested one when that was 0. */
    public int actualPort() {
        return http.actualPort();
    }
}
