package io.branchwise.api;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.TrialRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/studies}: listing with aggregates, creating, reading, deleting, and the problems bad input gets. */
@org.junit.jupiter.api.Timeout(120)
class RestStudiesTest {
    @TempDir
    Path dir;
    private ApiServer api;

    @BeforeEach
    void start() {
        api = ApiServer.storageOnly(dir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private long finishedTrial(long studyId, TrialState state, double... values) {
        List<Double> v = java.util.Arrays.stream(values).boxed().toList();
        return api.storage.createTrial(studyId, new TrialRecord(0, studyId, 0, state, v, "2026-01-02 03:04:05.000001",
                state.isFinished() ? "2026-01-02 03:04:06.250000" : null, Map.of(), Map.of(), Map.of(), Map.of(),
                new TreeMap<>()));
    }

    @Test
    void theListSummarisesEveryStudyFromAggregates() throws Exception {
        long min = api.storage.createStudy("minimise", List.of(StudyDirection.MINIMIZE));
        finishedTrial(min, TrialState.COMPLETE, 3.0);
        finishedTrial(min, TrialState.COMPLETE, 1.5);
        finishedTrial(min, TrialState.COMPLETE, Double.NaN); // never "best"
        finishedTrial(min, TrialState.PRUNED, 0.1); // not complete: never best either
        finishedTrial(min, TrialState.FAIL);
        api.storage.createTrial(min, null); // RUNNING, started now
        long max = api.storage.createStudy("maximise", List.of(StudyDirection.MAXIMIZE, StudyDirection.MINIMIZE));
        finishedTrial(max, TrialState.COMPLETE, 3.0, 9.0);
        finishedTrial(max, TrialState.COMPLETE, 1.5, 0.0);
        long empty = api.storage.createStudy("empty", List.of(StudyDirection.MINIMIZE));
        long search = api.storage.createStudy("a-search", List.of(StudyDirection.MAXIMIZE));
        api.storage.setStudyTasks(search, List.of(new StudyTask("a", "regression", "rmse", StudyDirection.MINIMIZE),
                new StudyTask("b", "regression", "rmse", StudyDirection.MINIMIZE)));
        api.storage.setStudyAttribute(search, AttributeScope.SYSTEM, "branchwise:status",
                "{\"state\": \"running\", \"reason\": \"\"}");
        finishedTrial(search, TrialState.COMPLETE, 4.25);

        ApiServer.Reply reply = api.get("/api/studies");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonArray studies = reply.json().getJsonArray("studies");
        assertThat(studies.stream().map(s -> ((JsonObject) s).getLong("id"))).containsExactly(min, max, empty, search);

        JsonObject m = studies.getJsonObject(0);
        assertThat(m.getString("name")).isEqualTo("minimise");
        assertThat(m.getString("kind")).isEqualTo("optuna");
        assertThat(m.getJsonArray("directions").getList()).containsExactly("MINIMIZE");
        assertThat(m.getLong("n_trials")).isEqualTo(6);
        assertThat(m.getJsonObject("states").getMap()).containsExactlyInAnyOrderEntriesOf(
                Map.of("COMPLETE", 3, "PRUNED", 1, "FAIL", 1, "RUNNING", 1, "WAITING", 0));
        assertThat(m.getDouble("best_value")).isEqualTo(1.5);
        assertThat(m.getValue("best_delta_m")).isNull();
        assertThat(m.getValue("search_status")).isNull();
        assertThat(m.getJsonArray("tasks")).isEmpty();
        // The RUNNING trial started now, after the fixed datetimes above.
        assertThat(OffsetDateTime.parse(m.getString("last_activity")))
                .isAfter(OffsetDateTime.parse(studies.getJsonObject(1).getString("last_activity")));

        JsonObject x = studies.getJsonObject(1);
        assertThat(x.getDouble("best_value")).as("the first direction maximises").isEqualTo(3.0);
        assertThat(OffsetDateTime.parse(x.getString("last_activity")).toLocalDateTime())
                .hasToString("2026-01-02T03:04:06.250");

        JsonObject e = studies.getJsonObject(2);
        assertThat(e.getLong("n_trials")).isZero();
        assertThat(e.getValue("best_value")).isNull();
        assertThat(e.getValue("last_activity")).isNull();

        JsonObject s = studies.getJsonObject(3);
        assertThat(s.getString("kind")).isEqualTo("search");
        assertThat(s.getJsonArray("tasks").getList()).containsExactly("a", "b");
        assertThat(s.getDouble("best_delta_m")).isEqualTo(4.25);
        assertThat(s.getString("search_status")).as("stored as running, but this server runs no search")
                .isEqualTo("stopped");
    }

    @Test
    void aStudyIsCreatedReadAndDeleted() throws Exception {
        ApiServer.Reply created = api.postJson("/api/studies",
                new JsonObject().put("name", "made-here").put("directions", new JsonArray().add("MAXIMIZE").add("minimize")));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().getLong("id");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/studies/" + id);
        assertThat(created.json().getJsonArray("directions").getList()).containsExactly("MAXIMIZE", "MINIMIZE");
        assertThat(api.storage.study(id).name()).isEqualTo("made-here");

        ApiServer.Reply defaults = api.postJson("/api/studies", new JsonObject().put("name", "defaults"));
        assertThat(defaults.status()).isEqualTo(201);
        assertThat(defaults.json().getJsonArray("directions").getList()).containsExactly("MINIMIZE");

        api.storage.setStudyAttribute(id, AttributeScope.USER, "note", "{\"loss\": NaN, \"k\": [1, 2.5]}");
        JsonObject study = api.get("/api/studies/" + id).json();
        assertThat(study.getString("name")).isEqualTo("made-here");
        assertThat(study.getJsonObject("user_attrs").getJsonObject("note").getValue("loss"))
                .as("NaN is not JSON: it reads null").isNull();
        assertThat(study.getJsonObject("user_attrs").getJsonObject("note").getJsonArray("k").getList()).containsExactly(1, 2.5);
        assertThat(study.getJsonObject("system_attrs")).isEmpty();
        assertThat(study.getJsonArray("tasks")).isEmpty();

        assertThat(api.delete("/api/studies/" + id).status()).isEqualTo(204);
        api.get("/api/studies/" + id).problem(404);
        api.delete("/api/studies/" + id).problem(404);
        assertThat(api.storage.allStudies()).extracting(r -> r.name()).containsExactly("defaults");
    }

    @Test
    void aSearchStudyShowsItsTasksInFull() throws Exception {
        long id = api.storage.createStudy("tasks", List.of(StudyDirection.MAXIMIZE));
        api.storage.setStudyTasks(id, List.of(new StudyTask("t0", "regression", "rmse", StudyDirection.MINIMIZE),
                new StudyTask("t1", "binary", "auc", StudyDirection.MAXIMIZE)));
        JsonObject study = api.get("/api/studies/" + id).json();
        assertThat(study.getString("kind")).isEqualTo("search");
        assertThat(study.getJsonArray("tasks").getJsonObject(1).getMap()).containsExactlyInAnyOrderEntriesOf(
                Map.of("name", "t1", "type", "binary", "metric", "auc", "direction", "MAXIMIZE"));
    }

    @Test
    void badInputGetsProblemsThatSayWhatAndWhere() throws Exception {
        api.storage.createStudy("taken", List.of(StudyDirection.MINIMIZE));

        JsonObject unknown = api.get("/api/studies/424242").problem(404);
        assertThat(unknown.getString("detail")).contains("424242");
        assertThat(unknown.getString("instance")).isEqualTo("/api/studies/424242");

        JsonObject badId = api.get("/api/studies/abc").problem(400);
        assertThat(badId.getString("detail")).startsWith("id:");
        assertThat(badId.getJsonArray("errors").getJsonObject(0).getString("path")).isEqualTo("id");

        JsonObject typo = api.get("/api/studies?limt=3").problem(400);
        assertThat(typo.getString("detail")).startsWith("limt: unknown query parameter");

        JsonObject text = api.post("/api/studies", "text/plain", "name=x").problem(415);
        assertThat(text.getString("detail")).contains("text/plain").contains("application/json");
        api.post("/api/studies", null, "{}").problem(415);

        JsonObject notJson = api.post("/api/studies", "application/json", "{name: ").problem(400);
        assertThat(notJson.getString("type")).endsWith(":unreadable-body");
        api.post("/api/studies", "application/json", "[1]").problem(400);

        JsonObject invalid = api.postJson("/api/studies", new JsonObject().put("name", "")
                .put("directions", new JsonArray().add("MINIMIZE").add("SIDEWAYS")).put("colour", "red")).problem(422);
        assertThat(invalid.getJsonArray("errors").stream().map(o -> ((JsonObject) o).getString("path")))
                .containsExactlyInAnyOrder("colour", "name", "directions[1]");

        JsonObject duplicate = api.postJson("/api/studies", new JsonObject().put("name", "taken")).problem(409);
        assertThat(duplicate.getString("detail")).contains("\"taken\"");

        JsonObject tooLong = api.postJson("/api/studies", new JsonObject().put("name", "n".repeat(600))).problem(422);
        assertThat(tooLong.getString("detail")).contains("600");

        JsonObject noRoute = api.get("/api/nothing-here").problem(404);
        assertThat(noRoute.getString("type")).endsWith(":no-such-endpoint");
        api.post("/api/health", "application/json", "{}").problem(405);
        api.get("/api").problem(404);

        assertThat(api.storage.allStudies()).as("nothing refused was stored").extracting(r -> r.name())
                .containsExactly("taken");
    }

    @Test
    void searchesAreUnavailableOnAServerThatHostsNone() throws Exception {
        JsonObject p = api.post("/api/searches", "application/yaml", "name: x").problem(503);
        assertThat(p.getString("detail")).contains("without search hosting");
        long id = api.storage.createStudy("idle", List.of(StudyDirection.MINIMIZE));
        api.post("/api/studies/" + id + "/stop", "application/json", "").problem(409);
        api.post("/api/studies/999/stop", "application/json", "").problem(404);
        JsonObject health = api.get("/api/health").json();
        assertThat(health.getBoolean("searches")).isFalse();
        assertThat(health.getString("status")).isEqualTo("UP");
    }

    @Test
    void aPerTaskSearchShowsTheDeltaMStoredBesideItsValues() throws Exception {
        long id = api.storage.createStudy("pareto", List.of(StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE));
        api.storage.setStudyTasks(id, List.of(new StudyTask("a", "regression", "rmse", StudyDirection.MINIMIZE),
                new StudyTask("b", "binary", "auc", StudyDirection.MAXIMIZE)));
        Map<String, String> deltas = new java.util.LinkedHashMap<>();
        deltas.put("3.5", "COMPLETE");
        deltas.put("-1.25", "COMPLETE");
        deltas.put("NaN", "COMPLETE");
        deltas.put("\"not a number\"", "COMPLETE"); // any Optuna client may set a system attribute
        deltas.put("1e3", "PRUNED"); // not complete: never the best
        double first = 0.4;
        for (Map.Entry<String, String> d : deltas.entrySet()) {
            TrialState state = TrialState.valueOf(d.getValue());
            api.storage.createTrial(id, new TrialRecord(0, id, 0, state, List.of(first, 0.9),
                    null, null, Map.of(), Map.of(), Map.of(), Map.of("branchwise:delta_m", d.getKey()), new TreeMap<>()));
            first -= 0.1;
        }
        JsonObject study = api.get("/api/studies/" + id).json();
        assertThat(study.getString("kind")).isEqualTo("search");
        assertThat(study.getDouble("best_delta_m")).isEqualTo(3.5);
        assertThat(study.getDouble("best_value")).as("the first objective, minimised").isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
        JsonArray rows = api.get("/api/studies/" + id + "/trials").json().getJsonArray("trials");
        List<Object> shown = new java.util.ArrayList<>();
        rows.forEach(r -> shown.add(((JsonObject) r).getValue("delta_m")));
        assertThat(shown).containsExactly(3.5, -1.25, null, null, 1000.0);
        assertThat(api.get("/api/studies").json().getJsonArray("studies").getJsonObject(0).getDouble("best_delta_m"))
                .isEqualTo(3.5);
    }
}
