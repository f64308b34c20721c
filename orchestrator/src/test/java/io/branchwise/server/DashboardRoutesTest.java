package io.branchwise.server;

import io.branchwise.storage.h2.H2Storage;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's files and the chart WebJar come from the class path on the server's one port. */
class DashboardRoutesTest {
    @TempDir
    static Path dir;
    static Vertx vertx;
    static H2Storage storage;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        storage = H2Storage.open(dir.resolve("db"));
        BranchwiseServer server = new BranchwiseServer("127.0.0.1", 0, storage, "test");
        vertx.deployVerticle(server).await();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
        storage.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRootServesTheDashboardWhoseChartLibraryResolves() throws Exception {
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(index.body()).contains("<script type=\"module\" src=\"js/app.js\">").doesNotContain("${");

        // The import map names the WebJar by its version, filled in at build time; that path must exist.
        Matcher echarts = Pattern.compile("\"echarts\": \"(/webjars/echarts/[^\"]+)\"").matcher(index.body());
        assertThat(echarts.find()).isTrue();
        HttpResponse<String> library = get(echarts.group(1));
        assertThat(library.statusCode()).isEqualTo(200);
        assertThat(library.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(library.headers().firstValue("cache-control")).hasValueSatisfying(c -> assertThat(c).contains("max-age="));

        // Every module the page preloads is served as JavaScript.
        Matcher preload = Pattern.compile("rel=\"modulepreload\" href=\"([^\"]+)\"").matcher(index.body());
        int modules = 0;
        while (preload.find()) {
            HttpResponse<String> module = get("/" + preload.group(1));
            assertThat(module.statusCode()).as(preload.group(1)).isEqualTo(200);
            assertThat(module.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
            modules++;
        }
        assertThat(modules).isGreaterThan(10);
        assertThat(get("/css/app.css").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownApiPathsStayProblemsAndNeverBecomeTheDashboard() throws Exception {
        HttpResponse<String> missing = get("/api/no-such-thing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(get("/no-such-file.js").statusCode()).isEqualTo(404);
        assertThat(get("/api/health").body()).contains("\"status\":\"UP\"");
    }
}
