package io.branchwise.api;

import io.branchwise.space.distribution.DistributionJson;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History columns and parameter importance over a study written directly to the storage, where it is known which
 * parameter drives the objective; plus the 404s of results a plain study never has.
 */
@org.junit.jupiter.api.Timeout(120)
class RestChartsTest {
    private static final String X = DistributionJson.write(new FloatDistribution(0.0, 1.0, false, null));
    private static final String DEPTH = DistributionJson.write(new IntDistribution(1, 8, false, 1));
    private static final String Z = DistributionJson.write(new FloatDistribution(-1.0, 1.0, false, null));

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

    /** Objective 0 is depth (x barely matters); objective 1 is x; z exists only for odd depths. */
    private long study() {
        long id = api.storage.createStudy("drivers", List.of(StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE));
        for (int n = 0; n < 60; n++) {
            TrialState state = n % 15 == 4 ? TrialState.FAIL : n % 15 == 9 ? TrialState.PRUNED : TrialState.COMPLETE;
            int depth = 1 + (n * 5) % 8;
            double x = ((n * 37) % 100) / 100.0;
            Map<String, Double> params = new HashMap<>(Map.of("x", x, "depth", (double) depth));
            Map<String, String> distributions = new HashMap<>(Map.of("x", X, "depth", DEPTH));
            if (depth % 2 == 1) {
                params.put("z", 0.5 - x);
                distributions.put("z", Z);
            }
            List<Double> values = state == TrialState.FAIL ? List.of() : List.of(depth + 0.01 * x, x);
            api.storage.createTrial(id, new TrialRecord(0, id, 0, state, values, "2026-01-01 00:00:00.000000",
                    "2026-01-01 00:00:01.000000", params, distributions, Map.of(), Map.of(), new TreeMap<>()));
        }
        api.storage.createTrial(id, null); // running: not in the history
        return id;
    }

    @Test
    void historyColumnsLineUpTrialByTrial() throws Exception {
        long id = study();
        JsonObject h = api.get("/api/studies/" + id + "/history").json();
        JsonArray numbers = h.getJsonArray("numbers");
        assertThat(numbers).hasSize(60);
        assertThat(h.getJsonArray("directions").getList()).containsExactly("MINIMIZE", "MAXIMIZE");
        for (int i = 0; i < 60; i++) {
            int n = numbers.getInteger(i);
            assertThat(n).isEqualTo(i);
            int depth = 1 + (n * 5) % 8;
            double x = ((n * 37) % 100) / 100.0;
            String state = h.getJsonArray("states").getString(i);
            assertThat(state).isEqualTo(n % 15 == 4 ? "FAIL" : n % 15 == 9 ? "PRUNED" : "COMPLETE");
            JsonArray values = h.getJsonArray("values").getJsonArray(i);
            assertThat(values.getList()).isEqualTo(state.equals("FAIL") ? List.of() : List.of(depth + 0.01 * x, x));
            assertThat(h.getJsonObject("params").getJsonArray("depth").getValue(i)).as("an int reads as an int").isEqualTo(depth);
            assertThat(h.getJsonObject("params").getJsonArray("x").getDouble(i)).isEqualTo(x);
            Object z = h.getJsonObject("params").getJsonArray("z").getValue(i);
            assertThat(z).as("z only where the trial has it").isEqualTo(depth % 2 == 1 ? (Object) (0.5 - x) : null);
        }
        assertThat(h.getJsonArray("param_names").getList()).containsExactlyInAnyOrder("depth", "x", "z");

        JsonObject lean = api.get("/api/studies/" + id + "/history?params=false").json();
        assertThat(lean.containsKey("params")).as("the columns are left out").isFalse();
        assertThat(lean.getJsonArray("param_names")).isEqualTo(h.getJsonArray("param_names"));
        assertThat(lean.getJsonArray("values")).isEqualTo(h.getJsonArray("values"));
        assertThat(lean.getJsonArray("numbers")).isEqualTo(numbers);
        assertThat(api.get("/api/studies/" + id + "/history?params=maybe").problem(400).getString("detail"))
                .contains("params").contains("true or false");
    }

    @Test
    void importanceRanksTheParameterThatDrivesEachObjective() throws Exception {
        long id = study();
        JsonObject first = api.get("/api/studies/" + id + "/importance").json();
        assertThat(first.getString("direction")).isEqualTo("MINIMIZE");
        assertThat(first.getInteger("n_trials")).isEqualTo(60 - 4 - 4);
        JsonObject ranked = first.getJsonObject("importances");
        assertThat(ranked.fieldNames()).as("z is conditional, so it is not ranked").containsExactly("depth", "x");
        assertThat(ranked.getDouble("depth")).isGreaterThan(ranked.getDouble("x"));
        assertThat(ranked.getDouble("depth") + ranked.getDouble("x")).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));

        JsonObject second = api.get("/api/studies/" + id + "/importance?objective=1&top_quantile=0.2").json();
        assertThat(second.getString("direction")).isEqualTo("MAXIMIZE");
        assertThat(second.getDouble("top_quantile")).isEqualTo(0.2);
        List<String> order = new ArrayList<>(second.getJsonObject("importances").fieldNames());
        assertThat(order.get(0)).isEqualTo("x");

        assertThat(api.get("/api/studies/" + id + "/importance?objective=2").problem(400).getString("detail"))
                .startsWith("objective:").contains("2 objectives");
        assertThat(api.get("/api/studies/" + id + "/importance?top_quantile=1").problem(400).getString("detail"))
                .startsWith("top_quantile:");
        assertThat(api.get("/api/studies/" + id + "/importance?objective=-1").problem(400).getString("detail"))
                .startsWith("objective:");
    }

    @Test
    void aStudyWithTooFewTrialsHasNoImportanceYet() throws Exception {
        long id = api.storage.createStudy("young", List.of(StudyDirection.MINIMIZE));
        JsonObject none = api.get("/api/studies/" + id + "/importance").json();
        assertThat(none.getJsonObject("importances")).isEmpty();
        assertThat(none.getInteger("n_trials")).isZero();
        JsonObject h = api.get("/api/studies/" + id + "/history").json();
        assertThat(h.getJsonArray("numbers")).isEmpty();
        assertThat(h.getJsonObject("params")).isEmpty();
    }

    @Test
    void resultsAPlainStudyNeverHasAreNotFoundWithAReason() throws Exception {
        long id = api.storage.createStudy("plain", List.of(StudyDirection.MINIMIZE));
        assertThat(api.get("/api/studies/" + id + "/affinity").problem(404).getString("detail")).contains("affinity");
        assertThat(api.get("/api/studies/" + id + "/recommendation").problem(404).getString("detail")).contains("recommendation");
        assertThat(api.get("/api/studies/" + id + "/baselines").problem(404).getString("detail")).contains("baselines");
        for (String what : List.of("affinity", "recommendation", "baselines", "history", "importance", "trials")) {
            api.get("/api/studies/55555/" + what).problem(404);
        }
        api.get("/api/trials/55555").problem(404);
        api.get("/api/trials/55555/curves").problem(404);
        api.get("/api/trials/-4").problem(400);
        long trial = api.storage.createTrial(id, null);
        JsonObject curves = api.get("/api/trials/" + trial + "/curves").json();
        assertThat(curves.getJsonArray("tasks")).isEmpty();
        assertThat(curves.getJsonArray("steps")).isEmpty();
        JsonObject detail = api.get("/api/trials/" + trial).json();
        assertThat(detail.getString("state")).isEqualTo("RUNNING");
        assertThat(detail.getValue("datetime_complete")).isNull();
        assertThat(detail.getValue("fail_reason")).isNull();
    }
}
