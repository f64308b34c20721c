package io.branchwise.dashboard;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.launcher.TrainerLauncher;
import io.branchwise.search.SearchListener;
import io.branchwise.search.SearchResult;
import io.branchwise.search.SearchSetup;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.server.BranchwiseServer;
import io.branchwise.server.ServerConfig;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.h2.H2Storage;
import io.branchwise.trial.TrialSpecReader;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A Branchwise server on a free port over a fresh H2 file, hosting searches with the given launcher, plus ways to
 * fill it: a finished multi-task search run straight through the storage, Optuna-style studies written the way the
 * gRPC service writes them, and REST calls as another client would make them.
 */
final class DashboardServer implements AutoCloseable {
    /** Three tasks, a and b planted as friends; auto groupings (so the affinity run happens), one failing trial. */
    static final String SEARCH_SPEC = """
            name: NAME
            seed: 5
            trainer: scripted
            data: {source: fixture, options: {rows: 32, targets: [a, b, c]}}
            tasks:
              - {name: a, type: fixture-regression, target: a}
              - {name: b, type: fixture-regression, target: b}
              - {name: c, type: fixture-regression, target: c}
            space: {trunk_depth: [0, 1], branch_depth: 1, widths: [8], max_branches: 2, groupings: auto}
            weighting: {methods: [ew, dwa]}
            training: {epochs: 4, learning_rate: [0.001, 0.01]}
            search: {trials: TRIALS, parallel: 2, sampler: random, pruner: none, affinity_every: 5, baseline: {depth: 1, width: 8}}
            """;
    static final DateTimeFormatter PYTHON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    final Vertx vertx = Vertx.vertx();
    final H2Storage storage;
    final SearchSetup setup;
    final BranchwiseServer server;
    final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    DashboardServer(Path dir, TrainerLauncher hosted) {
        storage = H2Storage.open(dir.resolve("branchwise"));
        setup = new SearchSetup(PluginCatalog.builtIns(), hosted, dir.resolve("work"));
        server = new BranchwiseServer(ServerConfig.of("127.0.0.1", 0, "test").withSearches(setup)
                .withHeartbeat(Duration.ofSeconds(2)), storage);
        vertx.deployVerticle(server).await();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    static String spec(String name, int trials) {
        return SEARCH_SPEC.replace("NAME", name).replace("TRIALS", Integer.toString(trials));
    }

    /** Runs a whole search to its end with {@code launcher}, straight through the storage (no server involved). */
    SearchResult runSearch(String yaml, TrainerLauncher launcher, Path work) throws InterruptedException {
        SearchSpec spec = SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
        SearchSetup direct = new SearchSetup(PluginCatalog.builtIns(), launcher, work);
        return direct.runner(spec, direct.bind(spec), storage, false, SearchListener.NONE).run();
    }

    /**
     * An Optuna-style study as a Python client leaves it: float, int and categorical parameters with Optuna's
     * distribution JSON, one value per direction, intermediate values, a user attribute; {@code failEvery}-th trials
     * FAIL, the rest COMPLETE. Values depend on the parameters, so importance and the Pareto front mean something.
     */
    long optunaStudy(String name, int trials, List<StudyDirection> directions, long seed) {
        long id = storage.createStudy(name, directions);
        storage.setStudyAttribute(id, AttributeScope.USER, "owner", "\"optuna-client\"");
        Random random = new Random(seed);
        LocalDateTime start = LocalDateTime.now().minusHours(1);
        for (int i = 0; i < trials; i++) {
            storage.createTrial(id, optunaTrial(random, directions.size(), start.plusSeconds(i), i % 10 == 9));
        }
        return id;
    }

    static TrialRecord optunaTrial(Random random, int objectives, LocalDateTime start, boolean fail) {
        double x = random.nextDouble();
        double lr = Math.exp(Math.log(1e-4) + random.nextDouble() * Math.log(1e3));
        int layers = 1 + random.nextInt(4);
        int optimizer = random.nextInt(2);
        Map<String, Double> params = new LinkedHashMap<>();
        Map<String, String> distributions = new LinkedHashMap<>();
        params.put("x", x);
        distributions.put("x", "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 0.0,"
                + " \"high\": 1.0, \"log\": false}}");
        params.put("lr", lr);
        distributions.put("lr", "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 0.0001,"
                + " \"high\": 0.1, \"log\": true}}");
        params.put("layers", (double) layers);
        distributions.put("layers", "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": false, \"step\": 1,"
                + " \"low\": 1, \"high\": 4}}");
        params.put("optimizer", (double) optimizer);
        distributions.put("optimizer", "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\":"
                + " [\"adam\", \"sgd\"]}}");
        double loss = Math.pow(x - 0.3, 2) + 0.05 * layers + (optimizer == 1 ? 0.1 : 0) + 0.01 * random.nextDouble();
        List<Double> values = objectives == 1 ? List.of(loss)
                : objectives == 2 ? List.of(loss, 1.0 / (1 + x + layers))
                : List.of(loss, 1.0 / (1 + x + layers), lr * 10);
        TreeMap<Long, Double> steps = new TreeMap<>();
        for (long s = 0; s < 3; s++) {
            steps.put(s, loss * (1 + (3 - s) * 0.2));
        }
        return new TrialRecord(0, 0, 0, fail ? TrialState.FAIL : TrialState.COMPLETE, fail ? List.of() : values,
                PYTHON_TIME.format(start), PYTHON_TIME.format(start.plusNanos(400_000_000L)), params, distributions,
                Map.of(), Map.of(), steps);
    }

    /** A REST call as another client (curl, a script) would make it. */
    HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        vertx.close().await();
        storage.close();
    }

    /** A browser test's teardown: closes each part that was opened, in order, even when an earlier one fails. */
    static void closeAll(AutoCloseable... parts) {
        RuntimeException first = null;
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("closing " + part + " failed", e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
