package io.branchwise.api;

import io.branchwise.plugin.data.DataAccess;
import io.branchwise.plugin.data.DataLimits;
import io.branchwise.search.PlantedModelLauncher;
import io.branchwise.search.host.SearchHost;
import io.branchwise.server.AccessToken;
import io.branchwise.server.ServerConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks a probe of a running server found, replayed over HTTP: reading the server's files through a spec,
 * cross-origin and rebinding requests, specs sized to run it out of memory, unbounded work, connections held
 * open, a missing token. Each must be refused with a clear problem that quotes nothing it should not.
 */
class RestSecurityTest {
    private static final String SECRET = "s3cret-line-from-the-server";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private static String spec(String name, String data, String search) {
        return RestSearchTest.spec(name, "all", 3, 1)
                .replaceFirst("data: .*\n", "data: " + data + "\n")
                .replaceFirst("search: \\{trials: 3, parallel: 1,", "search: {" + search);
    }

    private static String csvSpec(String path) {
        return spec("leak", "{source: csv, options: {path: '" + path + "', targets: [a, b, c]}}", "trials: 3, parallel: 1,");
    }

    private ApiServer rooted(Path root, UnaryOperator<ServerConfig> more) {
        return ApiServer.withSearches(dir, new PlantedModelLauncher(List.of(List.of("a", "b", "c")), false),
                c -> more.apply(c.withSpecDirectory(root).withDataAccess(DataAccess.under(List.of(root),
                        DataLimits.DEFAULT))));
    }

    @Test
    void filesOutsideTheDataRootsAreRefusedWithoutBeingReadOrConfirmed() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        Path outside = Files.writeString(dir.resolve("outside.csv"), SECRET + ",a,b,c\n1,2,3,4\n");
        Files.createSymbolicLink(root.resolve("link.csv"), outside);
        Files.createSymbolicLink(root.resolve("dangling.csv"), dir.resolve("created-later.csv"));
        try (ApiServer api = rooted(root, c -> c)) {
            String missingOutside = null;
            for (String path : List.of("/etc/passwd", "/proc/self/environ", outside.toString(), "../outside.csv",
                    "link.csv", "dangling.csv", "sub/../../outside.csv", dir.resolve("no-such-file.csv").toString())) {
                ApiServer.Reply reply = api.post("/api/searches/validate", "application/yaml", csvSpec(path));
                JsonObject problem = reply.problem(422);
                assertThat(reply.body()).as(path).doesNotContain(SECRET).doesNotContain("root:")
                        .doesNotContain("PATH=").doesNotContain("no such file");
                JsonArray errors = problem.getJsonArray("errors");
                assertThat(errors.getJsonObject(0).getString("path")).isEqualTo("data.options.path");
                assertThat(errors.getJsonObject(0).getString("message")).contains("outside this server's data roots");
                String message = errors.getJsonObject(0).getString("message");
                missingOutside = missingOutside == null ? message : missingOutside;
                assertThat(message).as("an existing and a missing file outside read the same").isEqualTo(missingOutside);
            }
            String idx = spec("leak", "{source: idx, options: {train_images: /etc/passwd, train_labels: /etc/hostname}}",
                    "trials: 3, parallel: 1,");
            ApiServer.Reply reply = api.post("/api/searches/validate", "application/yaml", idx);
            assertThat(reply.problem(422).getJsonArray("errors").getJsonObject(0).getString("message"))
                    .contains("outside this server's data roots");
            assertThat(reply.body()).doesNotContain("root:").doesNotContain("magic");
        }
    }

    @Test
    void aFileUnderTheRootsIsReadButItsContentIsNeverQuoted() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        Files.writeString(root.resolve("secret.csv"), SECRET + ",other\n1,2\n");
        try (ApiServer api = rooted(root, c -> c)) {
            ApiServer.Reply reply = api.post("/api/searches/validate", "application/yaml", csvSpec("secret.csv"));
            reply.problem(422);
            assertThat(reply.body()).doesNotContain(SECRET).contains("secret.csv");
        }
    }

    @Test
    void specsSizedToExhaustMemoryAreRefusedBeforeAllocating() throws Exception {
        try (ApiServer api = rooted(Files.createDirectories(dir.resolve("data")), c -> c)) {
            String huge = spec("huge", "{source: synthetic, options: {tasks: 3, rows: 2000000000, dimensions: 100000,"
                    + " correlation: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], names: [a, b, c]}}", "trials: 3, parallel: 1,");
            ApiServer.Reply reply = api.post("/api/searches/validate", "application/yaml", huge);
            assertThat(reply.problem(422).getString("detail")).contains("limit");
            ApiServer.Reply zero = api.post("/api/searches/validate", "application/yaml", csvSpec("/dev/zero"));
            zero.problem(422);
            assertThat(api.get("/api/health").json().getString("status")).isEqualTo("UP");
        }
    }

    @Test
    void unboundedWorkIsRefused() throws Exception {
        try (ApiServer api = rooted(Files.createDirectories(dir.resolve("data")),
                c -> c.withLimits(ServerConfig.ConnectionLimits.DEFAULT, new SearchHost.Limits(1, 2)))) {
            assertThat(api.post("/api/searches/validate", "application/yaml",
                    RestSearchTest.spec("many", "all", 100_000_000, 1)).problem(422).getString("detail"))
                    .contains("search.trials").contains("at most");
            assertThat(api.post("/api/searches/validate", "application/yaml",
                    RestSearchTest.spec("wide", "all", 3, 100_000)).problem(422).getString("detail"))
                    .contains("search.parallel");
            JsonObject overCores = api.post("/api/searches", "application/yaml", RestSearchTest.spec("wide", "all", 3, 3))
                    .problem(422);
            assertThat(overCores.getJsonArray("errors").getJsonObject(0).getString("path")).isEqualTo("search.parallel");
            assertThat(api.storage.allStudies()).isEmpty();
        }
    }

    @Test
    void aCrossSiteRequestCannotStopASearchNorCanASecondSearchPassTheCap() throws Exception {
        // Every layout puts c with strangers (one group of all three), so every trial waits to be stopped.
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c")), true);
        try (ApiServer api = ApiServer.withSearches(dir, launcher,
                c -> c.withLimits(ServerConfig.ConnectionLimits.DEFAULT, new SearchHost.Limits(1, 2)));
             EventStream events = api.events("/api/events").awaitConnected()) {
            ApiServer.Reply started = api.post("/api/searches", "application/yaml",
                    RestSearchTest.spec("victim", "[[[a, b, c]]]", 3, 1));
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            long id = started.json().getLong("study_id");
            events.await(e -> e.type().equals("trial-created"), WAIT, "the first trial");
            String stop = "/api/studies/" + id + "/stop";

            HttpRequest.Builder crossSite = HttpRequest.newBuilder(api.uri(stop))
                    .header("Origin", "http://evil.example").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("x"));
            HttpResponse<String> refused = api.http.send(crossSite.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            HttpRequest jsonFromElsewhere = HttpRequest.newBuilder(api.uri(stop)).header("Origin", "http://evil.example")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            assertThat(api.http.send(jsonFromElsewhere, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
            assertThat(api.post(stop, "text/plain", "").problem(415).getString("detail")).contains("application/json");
            assertThat(api.post(stop, "application/x-www-form-urlencoded", "a=b").status()).isEqualTo(415);
            assertThat(api.get("/api/studies/" + id).json().getString("search_status")).isEqualTo("running");

            assertThat(api.post("/api/searches", "application/yaml", RestSearchTest.spec("second", "all", 3, 1))
                    .problem(503).getString("detail")).contains("at most 1 searches");

            HttpRequest sameOrigin = HttpRequest.newBuilder(api.uri(stop))
                    .header("Origin", "http://127.0.0.1:" + api.port).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            assertThat(api.http.send(sameOrigin, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
            events.await(e -> e.type().equals("search-finished"), WAIT, "search-finished");
        }
    }

    @Test
    void aRequestForAnotherHostIsRefused() throws Exception {
        try (ApiServer api = ApiServer.storageOnly(dir, c -> c.withAccess(null, List.of("branchwise.internal")))) {
            for (String path : List.of("/api/studies", "/", "/api/health")) {
                assertThat(RawHttp.exchange(api.port, "GET " + path + " HTTP/1.1\r\nHost: evil.example:" + api.port))
                        .startsWith("HTTP/1.1 421").contains("unknown-host");
            }
            assertThat(RawHttp.exchange(api.port, "GET /api/studies HTTP/1.1")).as("no Host at all").startsWith("HTTP/1.1 4");
            assertThat(RawHttp.exchange(api.port, "GET /api/studies HTTP/1.1\r\nHost: 127.0.0.1:" + api.port))
                    .startsWith("HTTP/1.1 200");
            assertThat(RawHttp.exchange(api.port, "GET /api/studies HTTP/1.1\r\nHost: localhost"))
                    .startsWith("HTTP/1.1 200");
            assertThat(RawHttp.exchange(api.port, "GET /api/studies HTTP/1.1\r\nHost: Branchwise.Internal:80"))
                    .as("a configured name").startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void halfSentRequestsSlowBodiesAndSurplusEventStreamsAreCut() throws Exception {
        ServerConfig.ConnectionLimits tight = new ServerConfig.ConnectionLimits(Duration.ofSeconds(60),
                Duration.ofMillis(300), Duration.ofMillis(300), 2);
        try (ApiServer api = ApiServer.storageOnly(dir, c -> c.withLimits(tight, new SearchHost.Limits(1, 1)))) {
            assertThat(RawHttp.millisUntilClosed(api.port, "GET /api/studies HTTP/1.1\r\nHost: 127.0.0.1", 10_000))
                    .isLessThan(10_000);
            assertThat(RawHttp.millisUntilClosed(api.port, "", 10_000)).as("a silent connection").isLessThan(10_000);
            assertThat(RawHttp.exchange(api.port, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1"))
                    .as("a whole request still gets its answer").startsWith("HTTP/1.1 200");
            String slowBody = "POST /api/studies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"name\":";
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(slowBody.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String answer = new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(answer).isEqualTo("HTTP/1.1 408");
            }
            try (EventStream one = api.events("/api/events").awaitConnected();
                 EventStream two = api.events("/api/events").awaitConnected();
                 EventStream three = api.events("/api/events")) {
                assertThat(three.status).isEqualTo(503);
            }
            assertThat(api.storage.allStudies()).isEmpty();
        }
    }

    @Test
    void everyAnswerCarriesTheBrowserProtections() throws Exception {
        try (ApiServer api = ApiServer.storageOnly(dir)) {
            for (String path : List.of("/", "/api/health", "/api/no-such-thing")) {
                ApiServer.Reply reply = api.get(path);
                String csp = reply.headers().firstValue("Content-Security-Policy").orElse("");
                assertThat(csp).as(path).contains("script-src 'self';").contains("frame-ancestors 'none'");
                assertThat(csp.replaceAll(".*script-src ([^;]*);.*", "$1")).doesNotContain("unsafe");
                assertThat(reply.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            }
        }
    }

    @Test
    void aTokenGuardsTheApiAndTheDashboardSignsInWithAnHttpOnlyCookie() throws Exception {
        String token = "tok-" + "0123456789abcdef-do-not-echo";
        try (ApiServer api = ApiServer.storageOnly(dir, c -> c.withAccess(AccessToken.of(token), List.of()))) {
            ApiServer.Reply anonymous = api.get("/api/studies");
            assertThat(anonymous.problem(401).getString("detail")).doesNotContain(token);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(api.get("/api/events").status()).isEqualTo(401);
            assertThat(api.get("/").status()).as("the dashboard's files hold no data").isEqualTo(200);

            HttpRequest bearer = HttpRequest.newBuilder(api.uri("/api/studies"))
                    .header("Authorization", "Bearer " + token).GET().build();
            assertThat(api.http.send(bearer, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpRequest wrongBearer = HttpRequest.newBuilder(api.uri("/api/studies"))
                    .header("Authorization", "Bearer " + token + "x").GET().build();
            assertThat(api.http.send(wrongBearer, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            ApiServer.Reply wrong = api.postJson("/api/session", new JsonObject().put("token", "guess-guess-guess"));
            assertThat(wrong.problem(401).getString("detail")).doesNotContain("guess");
            ApiServer.Reply signedIn = api.postJson("/api/session", new JsonObject().put("token", token));
            assertThat(signedIn.status()).isEqualTo(204);
            String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
            HttpRequest withCookie = HttpRequest.newBuilder(api.uri("/api/studies"))
                    .header("Cookie", cookie.split(";", 2)[0]).GET().build();
            assertThat(api.http.send(withCookie, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aNameThatIsNotValidUnicodeIsRefused() throws Exception {
        try (ApiServer api = ApiServer.storageOnly(dir)) {
            ApiServer.Reply reply = api.post("/api/studies", "application/json", "{\"name\": \"bad\\ud800name\"}");
            assertThat(reply.problem(422).getString("detail")).contains("not valid Unicode");
            assertThat(api.storage.allStudies()).isEmpty();
            io.vertx.core.json.Json.decodeValue(api.get("/api/studies").body()); // still strict JSON
        }
    }
}
