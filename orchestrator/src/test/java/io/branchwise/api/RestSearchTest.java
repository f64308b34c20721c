package io.branchwise.api;

import io.branchwise.json.PlainJson;
import io.branchwise.launcher.LocalTrainerLauncher;
import io.branchwise.launcher.TrainerLauncher;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.launcher.TrialRun;
import io.branchwise.proto.search.AskReply;
import io.branchwise.proto.search.AskRequest;
import io.branchwise.proto.search.JobKind;
import io.branchwise.proto.search.SearchServiceGrpc;
import io.branchwise.search.PlantedModelLauncher;
import io.branchwise.search.SearchStudy;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Searches through the REST API: a spec posted, checked, run to its recommendation and read back through every
 * result endpoint; a running search stopped; spec problems reported with their field paths.
 */
@org.junit.jupiter.api.Timeout(300)
class RestSearchTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    /** Tasks a and b are planted in one group: sharing helps them, sharing with c hurts (PlantedGroups). */
    static String spec(String name, String groupings, int trials, int parallel) {
        return """
                name: NAME
                seed: 5
                trainer: scripted
                data: {source: fixture, options: {rows: 32, targets: [a, b, c]}}
                tasks:
                  - {name: a, type: fixture-regression, target: a}
                  - {name: b, type: fixture-regression, target: b}
                  - {name: c, type: fixture-regression, target: c}
                space: {trunk_depth: [0, 1], branch_depth: 1, widths: [8], max_branches: 2, groupings: GROUPINGS}
                weighting: {methods: [ew, dwa]}
                training: {epochs: 3, learning_rate: [0.001, 0.01], extra: {behaviour: layout, planted: [[a, b], [c]]}}
                search: {trials: TRIALS, parallel: PARALLEL, sampler: random, pruner: none, affinity_every: 5, baseline: {depth: 1, width: 8}}
                """.replace("NAME", name).replace("GROUPINGS", groupings).replace("TRIALS", Integer.toString(trials))
                .replace("PARALLEL", Integer.toString(parallel));
    }

    private static boolean of(EventStream.Received e, long studyId) {
        return e.data().getLong("study_id") == studyId;
    }

    @Test
    void aPostedSpecRunsTheScriptedTrainerToARecommendation() throws Exception {
        LocalTrainerLauncher launcher = new LocalTrainerLauncher(LocalTrainerLauncher.Settings.defaults(List.of())
                .withHeap("96m").withSilenceLimit(Duration.ofSeconds(60)).withStopGrace(Duration.ofSeconds(10)));
        try (launcher; ApiServer api = ApiServer.withSearches(dir, launcher);
             EventStream events = api.events("/api/events").awaitConnected()) {
            ApiServer.Reply started = api.post("/api/searches", "application/yaml", spec("posted", "auto", 4, 2));
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            long id = started.json().getLong("study_id");
            assertThat(started.json().getString("study_name")).isEqualTo("posted");
            assertThat(started.headers().firstValue("Location")).hasValue("/api/studies/" + id);

            assertThat(events.await(e -> e.type().equals("search-started") && of(e, id), WAIT, "search-started")
                    .data().getString("study_name")).isEqualTo("posted");
            EventStream.Received baselines = events.await(e -> e.type().equals("search-progress") && of(e, id)
                    && e.data().getJsonObject("job") != null, WAIT, "a baseline job");
            assertThat(baselines.data().getString("phase")).isEqualTo("baselines");
            EventStream.Received vector = events.await(e -> e.type().equals("trial-reported") && of(e, id)
                    && e.data().getJsonArray("task_values") != null, WAIT, "a per-task vector");
            assertThat(vector.data().getJsonArray("task_values")).hasSize(3);
            EventStream.Received finishedTrial = events.await(e -> e.type().equals("trial-finished") && of(e, id),
                    WAIT, "trial-finished");
            assertThat(finishedTrial.data().getString("state")).isIn("COMPLETE", "PRUNED", "FAIL");
            EventStream.Received done = events.await(e -> e.type().equals("search-finished") && of(e, id), WAIT,
                    "search-finished");
            assertThat(done.data().getString("status")).as(done.data().encode()).isEqualTo("complete");
            JsonObject recommended = done.data().getJsonObject("recommendation");
            assertThat(recommended).isNotNull();
            assertThat(done.data().getJsonObject("progress").getInteger("complete")).isEqualTo(4);

            // The study as the list and the detail show it.
            JsonObject study = api.get("/api/studies/" + id).json();
            assertThat(study.getString("kind")).isEqualTo("search");
            assertThat(study.getString("search_status")).isEqualTo("complete");
            assertThat(study.getLong("n_trials")).isEqualTo(4);
            assertThat(study.getJsonArray("tasks").stream().map(t -> ((JsonObject) t).getString("name")))
                    .containsExactly("a", "b", "c");
            assertThat(study.getJsonObject("system_attrs").getJsonObject(SearchStudy.SPEC).getString("trainer"))
                    .isEqualTo("scripted");
            List<TrialRecord> stored = api.storage.trials(id, -1, List.of());
            double best = stored.stream().filter(t -> t.state() == TrialState.COMPLETE)
                    .mapToDouble(t -> t.values().get(0)).max().orElseThrow();
            assertThat(study.getDouble("best_delta_m")).isEqualTo(best);

            // The recommendation: the stored one, and the delta_m of the trial it names.
            JsonObject rec = api.get("/api/studies/" + id + "/recommendation").json();
            assertThat(rec.getInteger("trial_number")).isEqualTo(recommended.getInteger("trial_number"));
            assertThat(rec.getString("layout")).isEqualTo(recommended.getString("layout"));
            assertThat(rec.getJsonArray("tasks")).hasSize(3);
            // Chosen on repeats (search.seeds defaults to 3): Δm and every task's Δ with 95% intervals and noise floor.
            JsonObject repeats = rec.getJsonObject("repeats");
            assertThat(repeats.getInteger("seeds")).isEqualTo(3);
            assertThat(repeats.getJsonArray("delta_m_interval")).hasSize(2);
            assertThat(repeats.getJsonArray("tasks")).hasSize(3).allSatisfy(t -> {
                JsonObject task = (JsonObject) t;
                assertThat(task.getJsonArray("interval").getDouble(0)).isLessThanOrEqualTo(task.getDouble("delta"));
                assertThat(task.getJsonArray("interval").getDouble(1)).isGreaterThanOrEqualTo(task.getDouble("delta"));
                assertThat(task.getDouble("noise_floor")).isNotNull();
                assertThat(task.getJsonArray("test_interval")).hasSize(2);
            });
            JsonObject trials = api.get("/api/studies/" + id + "/trials").json();
            assertThat(trials.getLong("total")).isEqualTo(4);
            JsonObject row = trials.getJsonArray("trials").getJsonObject(rec.getInteger("trial_number"));
            assertThat(row.getDouble("delta_m")).isCloseTo(rec.getDouble("delta_m"), within(1e-9));
            assertThat(row.getString("layout")).isEqualTo(rec.getString("layout"));
            assertThat(row.getJsonArray("negative_transfer")).isNotNull();
            assertThat(row.getJsonObject("params").getString("weighting.method")).as("the choice, not its index").isIn("EW", "DWA");

            // Affinity: the scripted trainer reports the planted matrix, and the candidates come from it.
            JsonObject affinity = api.get("/api/studies/" + id + "/affinity").json();
            assertThat(affinity.getJsonArray("tasks").getList()).containsExactly("a", "b", "c");
            assertThat(affinity.getJsonArray("matrix").getJsonArray(0).getDouble(1)).isEqualTo(0.4);
            assertThat(affinity.getJsonArray("matrix").getJsonArray(0).getDouble(2)).isEqualTo(-0.3);
            assertThat(affinity.getJsonArray("candidates").stream().map(c -> ((JsonObject) c).getJsonArray("groups").encode()))
                    .contains("[[\"a\",\"b\"],[\"c\"]]");

            JsonArray baselineList = api.get("/api/studies/" + id + "/baselines").json().getJsonArray("baselines");
            assertThat(baselineList.stream().map(b -> ((JsonObject) b).getString("task"))).containsExactly("a", "b", "c");
            JsonObject curve = baselineList.getJsonObject(0).getJsonObject("curve");
            assertThat(curve.getJsonArray("steps").getList()).containsExactly(1, 2, 3);
            assertThat(curve.getJsonArray("values")).hasSize(3);

            // History columns line up with the stored trials.
            JsonObject history = api.get("/api/studies/" + id + "/history").json();
            assertThat(history.getJsonArray("numbers").getList()).containsExactly(0, 1, 2, 3);
            for (int i = 0; i < 4; i++) {
                assertThat(history.getJsonArray("values").getJsonArray(i).getDouble(0))
                        .isEqualTo(stored.get(i).values().get(0));
            }
            Set<String> names = new TreeSet<>();
            stored.forEach(t -> names.addAll(t.params().keySet()));
            assertThat(history.getJsonObject("params").fieldNames()).containsExactlyInAnyOrderElementsOf(names);
            for (String name : names) {
                assertThat(history.getJsonObject("params").getJsonArray(name)).as(name).hasSize(4);
            }
            JsonObject importance = api.get("/api/studies/" + id + "/importance").json();
            assertThat(importance.getJsonObject("importances").fieldNames()).isNotEmpty().isSubsetOf(names);
            assertThat(importance.getJsonObject("importances").stream().mapToDouble(e -> (Double) e.getValue()).sum())
                    .isCloseTo(1.0, within(1e-9));
            assertThat(importance.getInteger("n_trials")).isEqualTo(4);

            // One trial in full, and its curves from the per-task vectors.
            TrialRecord first = stored.get(0);
            JsonObject trial = api.get("/api/trials/" + first.id()).json();
            assertThat(trial.getLong("study_id")).isEqualTo(id);
            assertThat(trial.getJsonObject("distributions").fieldNames()).isEqualTo(first.params().keySet());
            assertThat(trial.getValue("fail_reason")).isNull();
            JsonObject curves = api.get("/api/trials/" + first.id() + "/curves").json();
            assertThat(trial.getJsonObject("curves")).isEqualTo(curves);
            assertThat(curves.getJsonArray("steps").getList()).containsExactly(1, 2, 3);
            Map<Long, List<Double>> vectors = api.storage.trialTaskValues(first.id());
            assertThat(curves.getJsonObject("values").getJsonArray("b").getList())
                    .containsExactly(vectors.get(1L).get(1), vectors.get(2L).get(1), vectors.get(3L).get(1));
            assertThat(curves.getJsonObject("metrics").getString("a")).isEqualTo("rmse");
            assertThat(trial.getJsonObject("intermediate_values").getJsonArray("steps").getList()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void specProblemsComeBackWithEveryFieldPathAndNothingIsStored() throws Exception {
        try (ApiServer api = ApiServer.withSearches(dir, new PlantedModelLauncher(List.of(List.of("a", "b")), false))) {
            String bad = spec("bad", "all", 4, 1).replace("type: fixture-regression, target: b", "type: ordinal, target: b")
                    .replace("target: c}", "target: zz}").replace("trials: 4", "trials: -1");
            for (String path : List.of("/api/searches/validate", "/api/searches")) {
                JsonObject problem = api.post(path, "application/yaml", bad).problem(422);
                assertThat(problem.getString("type")).isEqualTo("urn:branchwise:problem:invalid-spec");
                List<String> paths = new ArrayList<>();
                problem.getJsonArray("errors").forEach(e -> paths.add(((JsonObject) e).getString("path")));
                assertThat(paths).as(problem.encode()).contains("search.trials");
                assertThat(problem.getString("detail")).contains("search.trials");
            }
            // Plugins and data are checked too, once the fields are right.
            String unbound = spec("unbound", "all", 4, 1).replace("type: fixture-regression, target: b", "type: ordinal, target: b")
                    .replace("target: c}", "target: zz}");
            JsonObject problem = api.post("/api/searches", "text/yaml", unbound).problem(422);
            Set<String> paths = new TreeSet<>();
            problem.getJsonArray("errors").forEach(e -> paths.add(((JsonObject) e).getString("path")));
            assertThat(paths).as(problem.encode()).contains("tasks[1].type", "tasks[2].targets");
            assertThat(api.storage.allStudies()).as("a refused spec stores nothing").isEmpty();

            JsonObject valid = api.post("/api/searches/validate", "application/yaml", spec("good", "all", 4, 1)).json();
            assertThat(valid.getBoolean("valid")).isTrue();
            assertThat(valid.getString("name")).isEqualTo("good");
            assertThat(valid.getJsonArray("tasks").getJsonObject(2).getMap()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("name", "c", "type", "fixture-regression", "metric", "rmse", "direction", "MINIMIZE"));
            // The same spec as JSON.
            String json = PlainJson.write(io.branchwise.trial.TrialSpecReader.parseYaml(spec("good", "all", 4, 1), "s"));
            assertThat(api.post("/api/searches/validate", "application/json; charset=utf-8", json).status()).isEqualTo(200);
            assertThat(api.storage.allStudies()).as("validating stores nothing").isEmpty();

            JsonObject noName = api.post("/api/searches/validate", "application/yaml",
                    spec("x", "all", 4, 1).replace("name: x\n", "")).problem(422);
            assertThat(noName.getJsonArray("errors").getJsonObject(0).getString("path")).isEqualTo("name");
            JsonObject yaml = api.post("/api/searches", "application/yaml", "name: [unclosed").problem(400);
            assertThat(yaml.getString("detail")).contains("line 1");
            api.post("/api/searches", "application/yaml", "- a list").problem(400);
            api.post("/api/searches", "application/json", "{\"name\": ").problem(400);
            api.post("/api/searches", "application/yaml", "").problem(400);
            JsonObject type = api.post("/api/searches", "text/plain", spec("good", "all", 4, 1)).problem(415);
            assertThat(type.getString("detail")).contains("application/yaml");
            JsonObject big = api.post("/api/searches", "application/yaml", "# " + "x".repeat(1_100_000)).problem(413);
            assertThat(big.getString("type")).endsWith(":body-too-large");
            api.post("/api/searches?resume=maybe", "application/yaml", spec("good", "all", 4, 1)).problem(400);
            assertThat(api.storage.allStudies()).isEmpty();
        }
    }

    @Test
    void aRunningSearchIsStoppedThroughTheApiAndCannotBeDeletedMeanwhile() throws Exception {
        // Every layout puts c with strangers (one group of all three), so every trial waits to be stopped.
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c")), true);
        try (ApiServer api = ApiServer.withSearches(dir, launcher);
             EventStream events = api.events("/api/events").awaitConnected()) {
            ApiServer.Reply started = api.post("/api/searches", "application/yaml", spec("stoppable", "[[[a, b, c]]]", 3, 1));
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            long id = started.json().getLong("study_id");
            events.await(e -> e.type().equals("trial-created") && of(e, id), WAIT, "the first trial");

            assertThat(api.get("/api/studies/" + id).json().getString("search_status")).isEqualTo("running");
            JsonObject busy = api.delete("/api/studies/" + id).problem(409);
            assertThat(busy.getString("type")).endsWith(":search-running");
            JsonObject twice = api.post("/api/searches?resume=true", "application/yaml", spec("stoppable", "[[[a, b, c]]]", 3, 1))
                    .problem(409);
            assertThat(twice.getString("detail")).contains("already running");
            JsonObject exists = api.post("/api/searches", "application/yaml", spec("stoppable", "[[[a, b, c]]]", 3, 1))
                    .problem(409);
            assertThat(exists.getString("detail")).contains("stoppable");

            ApiServer.Reply stop = api.post("/api/studies/" + id + "/stop", "application/json", "");
            assertThat(stop.status()).isEqualTo(202);
            EventStream.Received done = events.await(e -> e.type().equals("search-finished") && of(e, id), WAIT,
                    "search-finished");
            assertThat(done.data().getString("status")).isEqualTo("stopped");
            assertThat(done.data().getString("reason")).isEqualTo("stopped through the REST API");

            assertThat(api.get("/api/studies/" + id).json().getString("search_status")).isEqualTo("stopped");
            TrialRecord interrupted = api.storage.trials(id, -1, List.of()).get(0);
            assertThat(interrupted.state()).isEqualTo(TrialState.FAIL);
            assertThat(api.get("/api/trials/" + interrupted.id()).json().getString("fail_reason")).contains("interrupted");
            assertThat(api.post("/api/studies/" + id + "/stop", "application/json", "").problem(409).getString("type"))
                    .endsWith(":no-running-search");
            api.get("/api/studies/" + id + "/recommendation").problem(404);

            // Without resume the name is taken; with it, the same study goes on.
            assertThat(api.post("/api/searches", "application/yaml", spec("stoppable", "[[[a, b, c]]]", 3, 1))
                    .problem(409).getString("detail")).contains("resume=true");
            ApiServer.Reply resumed = api.post("/api/searches?resume=true", "application/yaml",
                    spec("stoppable", "[[[a, b, c]]]", 3, 1));
            assertThat(resumed.status()).as(resumed.body()).isEqualTo(202);
            assertThat(resumed.json().getLong("study_id")).isEqualTo(id);
            events.await(e -> e.type().equals("trial-created") && of(e, id) && e.data().getInteger("number") == 1,
                    WAIT, "the resumed search's trial");
            assertThat(api.post("/api/studies/" + id + "/stop", "application/json", "").status()).isEqualTo(202);
            events.await(e -> e.type().equals("search-finished") && of(e, id), WAIT, "the second search-finished");
            assertThat(api.delete("/api/studies/" + id).status()).isEqualTo(204);
        }
    }

    @Test
    void stoppingTheServerStopsItsSearchesWhichStoreWhatFinished() throws Exception {
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c")), true);
        try (ApiServer api = ApiServer.withSearches(dir, launcher);
             EventStream events = api.events("/api/events").awaitConnected()) {
            long id = api.post("/api/searches", "application/yaml", spec("cut-short", "[[[a, b, c]]]", 3, 1)).json()
                    .getLong("study_id");
            events.await(e -> e.type().equals("trial-created") && of(e, id), WAIT, "the first trial");
            api.stopServer();
            Object status = PlainJson.read(api.storage.study(id).systemAttributes().get(SearchStudy.STATUS));
            assertThat(((Map<?, ?>) status).get("state")).isEqualTo("stopped");
            assertThat(((Map<?, ?>) status).get("reason")).isEqualTo("the server is shutting down");
            assertThat(api.storage.trials(id, -1, List.of())).allMatch(t -> t.state().isFinished());
        }
    }

    @Test
    void aSearchThatCannotGoOnEndsFailedWithItsReason() throws Exception {
        TrainerLauncher broken = (job, listener) -> new TrialRun() {
            @Override
            public CompletableFuture<TrialOutcome> outcome() {
                return CompletableFuture.completedFuture(new TrialOutcome(TrialOutcome.Status.FAILED, null,
                        "no GPU in this test", ""));
            }

            @Override
            public void stop(String reason) {
            }
        };
        try (ApiServer api = ApiServer.withSearches(dir, broken);
             EventStream events = api.events("/api/events").awaitConnected()) {
            long id = api.post("/api/searches", "application/yaml", spec("doomed", "all", 2, 1)).json().getLong("study_id");
            EventStream.Received done = events.await(e -> e.type().equals("search-finished") && of(e, id), WAIT,
                    "search-finished");
            assertThat(done.data().getString("status")).isEqualTo("failed");
            assertThat(done.data().getString("reason")).contains("no GPU in this test");
            JsonObject study = api.get("/api/studies/" + id).json();
            assertThat(study.getString("search_status")).isEqualTo("failed");
            assertThat(study.getJsonObject("system_attrs").getJsonObject(SearchStudy.STATUS).getString("reason"))
                    .contains("no GPU in this test");
            assertThat(api.delete("/api/studies/" + id).status()).as("a failed search no longer runs").isEqualTo(204);
        }
    }

    @Test
    void aPerTaskSearchKeepsItsTasksMetricsAsValuesAndDeltaMBeside() throws Exception {
        try (ApiServer api = ApiServer.withSearches(dir, new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c")), false));
             EventStream events = api.events("/api/events").awaitConnected()) {
            String spec = spec("pareto", "all", 5, 2).replace("pruner: none", "pruner: none, objective: per_task");
            long id = api.post("/api/searches", "application/yaml", spec).json().getLong("study_id");
            EventStream.Received done = events.await(e -> e.type().equals("search-finished") && of(e, id), WAIT,
                    "search-finished");
            assertThat(done.data().getString("status")).as(done.data().encode()).isEqualTo("complete");

            JsonObject study = api.get("/api/studies/" + id).json();
            assertThat(study.getJsonArray("directions").getList()).containsExactly("MINIMIZE", "MINIMIZE", "MINIMIZE");
            List<TrialRecord> stored = api.storage.trials(id, -1, List.of());
            double best = Double.NEGATIVE_INFINITY;
            JsonArray rows = api.get("/api/studies/" + id + "/trials?limit=10").json().getJsonArray("trials");
            for (int i = 0; i < stored.size(); i++) {
                TrialRecord t = stored.get(i);
                JsonObject row = rows.getJsonObject(i);
                assertThat(row.getJsonArray("values")).hasSize(t.state() == TrialState.COMPLETE ? 3 : 0);
                if (t.state() == TrialState.COMPLETE) {
                    double deltaM = (Double) PlainJson.read(t.systemAttributes().get("branchwise:delta_m"));
                    assertThat(row.getDouble("delta_m")).isEqualTo(deltaM);
                    best = Math.max(best, deltaM);
                }
            }
            assertThat(study.getDouble("best_delta_m")).isEqualTo(best);
            assertThat(study.getDouble("best_value")).as("the first task's best metric, not Δm")
                    .isEqualTo(stored.stream().filter(t -> t.state() == TrialState.COMPLETE)
                            .mapToDouble(t -> t.values().get(0)).min().orElseThrow());
            JsonObject importance = api.get("/api/studies/" + id + "/importance?objective=2").json();
            assertThat(importance.getString("direction")).isEqualTo("MINIMIZE");
            api.get("/api/studies/" + id + "/importance?objective=3").problem(400);
        }
    }

    @Test
    void aSearchPostedForExternalTrainersHandsItsJobsToTheTrainerThatAsks() throws Exception {
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c")), false);
        ManagedChannel channel = null;
        try (ApiServer api = ApiServer.withSearches(dir, launcher)) {
            api.post("/api/searches?external_trainers=maybe", "application/yaml", spec("outside", "all", 2, 1))
                    .problem(400);
            ApiServer.Reply started = api.post("/api/searches?external_trainers=true", "application/yaml",
                    spec("outside", "all", 2, 1));
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            long id = started.json().getLong("study_id");

            channel = ManagedChannelBuilder.forAddress("127.0.0.1", api.port).usePlaintext().build();
            AskReply job = SearchServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .ask(AskRequest.newBuilder().setWorker("test").setStudyId(id).setWaitSeconds(30).build());
            assertThat(job.getHasTrial()).as("a job of the search waits for an external trainer").isTrue();
            assertThat(job.getStudyId()).isEqualTo(id);
            // Groundwork hands out its costliest job first (JobQueue): a baseline, a floor or a reference.
            assertThat(job.getKind()).isIn(JobKind.JOB_KIND_BASELINE, JobKind.JOB_KIND_REFERENCE);
            assertThat(api.post("/api/studies/" + id + "/stop", "application/json", "").status()).isEqualTo(202);
        } finally {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }
}
