package io.branchwise.server;

import io.branchwise.grpc.OptunaStorageService;
import io.branchwise.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;

/**
 * The one HTTP port of Branchwise: gRPC (HTTP/2 cleartext, as Optuna's client speaks it) and the HTTP API side
 * by side. Requests are told apart by content type so that gRPC calls skip the web router entirely.
 */
public final class BranchwiseServer extends VerticleBase {
    /** gRPC's usual receive limit, the same as Optuna's own proxy server; larger messages get RESOURCE_EXHAUSTED. */
    public static final int MAX_GRPC_MESSAGE_BYTES = 4 * 1024 * 1024;

    private static final String RESOURCE_EXHAUSTED = Integer.toString(GrpcStatus.RESOURCE_EXHAUSTED.code);

    private final String host;
    private final int port;
    private final Storage storage;
    private final String storageDescription;
    private HttpServer http;

    public BranchwiseServer(String host, int port, Storage storage, String storageDescription) {
        this.host = host;
        this.port = port;
        this.storage = storage;
        this.storageDescription = storageDescription;
    }

    @Override
    public Future<?> start() {
        GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(MAX_GRPC_MESSAGE_BYTES));
        grpc.addService(new OptunaStorageService(vertx, storage));

        Router api = Router.router(vertx);
        api.get("/api/health").handler(rc -> rc.json(new JsonObject()
                .put("status", "UP")
                .put("storage", storageDescription)));
        DashboardRoutes.mount(api);

        http = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                .setHttp2ClearTextEnabled(true));
        http.connectionHandler(FlushConsolidation::install);
        return http.requestHandler(request -> {
            if (isGrpc(request)) {
                explainOversizedMessages(request);
                grpc.handle(request);
            } else {
                api.handle(request);
            }
        }).listen();
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

    /** The bound port, which differs from the requested one when that was 0. */
    public int actualPort() {
        return http.actualPort();
    }
}
