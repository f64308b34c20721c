package io.branchwise.api;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.launcher.TrainerLauncher;
import io.branchwise.search.SearchSetup;
import io.branchwise.server.BranchwiseServer;
import io.branchwise.server.ServerConfig;
import io.branchwise.storage.h2.H2Storage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A Branchwise server on a free port over a fresh H2 file, in this JVM, with an HTTP/1.1 client for its REST API
 * (what browsers use for plain http://).
 */
final class ApiServer implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final H2Storage storage;
    final BranchwiseServer server;
    final int port;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private boolean stopped;

    private ApiServer(Path directory, SearchSetup setup, UnaryOperator<ServerConfig> configure) {
        storage = H2Storage.open(directory.resolve("branchwise"));
        ServerConfig config = ServerConfig.of("127.0.0.1", 0, "test").withSpecDirectory(directory);
        if (setup != null) {
            config = config.withSearches(setup);
        }
        server = new BranchwiseServer(configure.apply(config), storage);
        try {
            vertx.deployVerticle(server).await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the server did not start within 30 s", e);
        }
        port = server.actualPort();
    }

    /** Storage and REST only: searches answer 503. */
    static ApiServer storageOnly(Path directory) {
        return storageOnly(directory, c -> c);
    }

    static ApiServer storageOnly(Path directory, UnaryOperator<ServerConfig> configure) {
        return new ApiServer(directory, null, configure);
    }

    /** Hosting searches with the built-in and test plugins, trainers started by {@code launcher}. */
    static ApiServer withSearches(Path directory, TrainerLauncher launcher) {
        return withSearches(directory, launcher, c -> c);
    }

    static ApiServer withSearches(Path directory, TrainerLauncher launcher, UnaryOperator<ServerConfig> configure) {
        return withSetup(directory, new SearchSetup(PluginCatalog.builtIns(), launcher, directory.resolve("work")),
                configure);
    }

    static ApiServer withSetup(Path directory, SearchSetup setup, UnaryOperator<ServerConfig> configure) {
        return new ApiServer(directory, setup, configure);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Reply post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    Reply postJson(String path, JsonObject body) throws IOException, InterruptedException {
        return post(path, "application/json", body.encode());
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
    }

    EventStream events(String path) throws InterruptedException {
        return new EventStream(http, uri(path));
    }

    /** Stops the server (and its searches) but keeps the storage open for checks. */
    void stopServer() {
        if (!stopped) {
            stopped = true;
            try {
                vertx.close().await(90, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the server did not stop within 90 s", e);
            }
        }
    }

    @Override
    public void close() {
        stopServer();
        storage.close();
    }

    record Reply(int status, String contentType, String body, HttpHeaders headers) {
        JsonObject json() {
            return new JsonObject(body);
        }

        /** The problem JSON of a refusal, after checking it is one with this status. */
        JsonObject problem(int expectedStatus) {
            if (status != expectedStatus || !contentType.startsWith("application/problem+json")) {
                throw new AssertionError("expected a " + expectedStatus + " problem, got " + status + " " + contentType
                        + ": " + body);
            }
            JsonObject p = json();
            if (p.getInteger("status") != expectedStatus || !p.getString("type").startsWith("urn:branchwise:problem:")
                    || p.getString("title") == null || p.getString("detail") == null || p.getString("instance") == null) {
                throw new AssertionError("not a complete problem: " + body);
            }
            return p;
        }
    }
}
