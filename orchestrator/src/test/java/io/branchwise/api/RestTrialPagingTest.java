package io.branchwise.api;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.DistributionJson;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.json.JsonValue;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyset paging over a study of 10,000 trials: every walk of the pages returns every matching trial exactly once,
 * in the documented order, whatever the sort and filters; the expected orders are computed here from the trials
 * as they were created.
 */
@org.junit.jupiter.api.Timeout(600)
class RestTrialPagingTest {
    private static final int TRIALS = 10_000;
    private static final String X = DistributionJson.write(new FloatDistribution(0.0, 1.0, false, null));
    private static final String COLOUR = DistributionJson.write(new CategoricalDistribution(List.of(
            new JsonValue.JsonString("red"), new JsonValue.JsonString("green"), new JsonValue.JsonString("blue"))));

    @TempDir
    static Path dir;
    private static ApiServer api;
    private static long study;
    /** What was created, by trial id. */
    private static final Map<Long, Created> created = new LinkedHashMap<>();

    private record Created(long id, long number, TrialState state, Double value, double x, int colour) {
    }

    @BeforeAll
    static void createStudy() {
        api = ApiServer.storageOnly(dir);
        study = api.storage.createStudy("ten-thousand", List.of(StudyDirection.MINIMIZE));
        for (int n = 0; n < TRIALS; n++) {
            TrialState state = n % 10 == 3 ? TrialState.FAIL : n % 10 == 7 ? TrialState.PRUNED
                    : n % 50 == 11 ? TrialState.WAITING : TrialState.COMPLETE;
            // 1,000 distinct values over 10,000 trials: many ties, which the trial id must order. A few NaN.
            Double value = state == TrialState.FAIL || state == TrialState.WAITING ? null
                    : n % 997 == 5 ? Double.NaN : ((n * 7919L) % 1000) / 10.0 - 50;
            double x = ((n * 31L) % 101) / 100.0;
            int colour = n % 3;
            long id = api.storage.createTrial(study, new TrialRecord(0, study, 0, state,
                    value == null ? List.of() : List.of(value), "2026-01-01 00:00:00.000000",
                    state.isFinished() ? "2026-01-01 00:00:01.000000" : null,
                    Map.of("x", x, "colour", (double) colour), Map.of("x", X, "colour", COLOUR), Map.of(), Map.of(),
                    new TreeMap<>()));
            created.put(id, new Created(id, n, state, value, x, colour));
        }
        long running = api.storage.createTrial(study, null); // RUNNING, no params, no value
        created.put(running, new Created(running, TRIALS, TrialState.RUNNING, null, Double.NaN, -1));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** Follows {@code next} from the first page to the last; returns the trial ids in the order received. */
    private static List<Long> walk(String query, int limit, long expectedTotal) throws Exception {
        List<Long> ids = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            String path = "/api/studies/" + study + "/trials?limit=" + limit + query
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            ApiServer.Reply reply = api.get(path);
            assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(200);
            JsonObject page = reply.json();
            assertThat(page.getLong("total")).isEqualTo(expectedTotal);
            JsonArray trials = page.getJsonArray("trials");
            assertThat(trials.size()).isLessThanOrEqualTo(limit);
            trials.forEach(t -> ids.add(((JsonObject) t).getLong("id")));
            after = page.getString("next");
            assertThat(after == null).as("the last page is the one that reaches the total").isEqualTo(ids.size() == expectedTotal);
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(Math.max(1, (int) Math.ceil(expectedTotal / (double) limit)));
        return ids;
    }

    private static List<Long> expected(Predicate<Created> keep, Comparator<Created> order) {
        return created.values().stream().filter(keep).sorted(order).map(Created::id).toList();
    }

    /** By value: trials without one last; NaN above every number; ties by id in the same direction. */
    private static Comparator<Created> byValue(boolean descending) {
        Comparator<Created> value = (a, b) -> Double.compare(a.value(), b.value());
        Comparator<Created> id = Comparator.comparingLong(Created::id);
        Comparator<Created> within = descending ? value.reversed().thenComparing(id.reversed()) : value.thenComparing(id);
        return Comparator.<Created, Boolean>comparing(c -> c.value() == null).thenComparing((a, b) ->
                a.value() == null ? Long.compare(descending ? b.id() : a.id(), descending ? a.id() : b.id())
                        : within.compare(a, b));
    }

    @Test
    void walkingByNumberReturnsEveryTrialOnceInOrder() throws Exception {
        List<Long> ids = walk("", 997, TRIALS + 1);
        assertThat(new HashSet<>(ids)).hasSize(TRIALS + 1);
        assertThat(ids).isEqualTo(expected(c -> true, Comparator.comparingLong(Created::number)));
        assertThat(walk("&sort=-number", 1000, TRIALS + 1))
                .isEqualTo(expected(c -> true, Comparator.comparingLong(Created::number).reversed()));
    }

    @Test
    void walkingByValueOrdersTiesNaNAndMissingValuesTheDocumentedWay() throws Exception {
        List<Long> ascending = walk("&sort=value", 641, TRIALS + 1);
        assertThat(ascending).isEqualTo(expected(c -> true, byValue(false)));
        assertThat(created.get(ascending.get(ascending.size() - 1)).value()).isNull();
        List<Long> descending = walk("&sort=-value", 1000, TRIALS + 1);
        assertThat(descending).isEqualTo(expected(c -> true, byValue(true)));
        assertThat(created.get(descending.get(0)).value()).as("NaN sorts above every number").isNaN();
    }

    @Test
    void aStateFilterPagesOnlyThoseStates() throws Exception {
        Set<TrialState> kept = EnumSet.of(TrialState.COMPLETE, TrialState.PRUNED);
        List<Long> want = expected(c -> kept.contains(c.state()), byValue(true));
        assertThat(walk("&state=COMPLETE,pruned&sort=-value", 500, want.size())).isEqualTo(want);
        List<Long> failed = expected(c -> c.state() == TrialState.FAIL, Comparator.comparingLong(Created::number));
        assertThat(walk("&state=FAIL", 100, failed.size())).isEqualTo(failed);
    }

    @Test
    void parameterRangesFilterByInternalValue() throws Exception {
        List<Long> want = expected(c -> c.x() >= 0.25 && c.x() <= 0.5 && c.colour() == 1, byValue(false));
        assertThat(want).isNotEmpty();
        assertThat(walk("&sort=value&param=x:0.25:0.5&param=colour:1:1", 333, want.size())).isEqualTo(want);
        List<Long> open = expected(c -> c.colour() >= 2, Comparator.comparingLong(Created::number));
        assertThat(walk("&param=colour:2:", 1000, open.size())).isEqualTo(open);
    }

    @Test
    void rowsCarryExternalParamsValuesAndIsoDatetimes() throws Exception {
        JsonObject page = api.get("/api/studies/" + study + "/trials?limit=3").json();
        JsonObject first = page.getJsonArray("trials").getJsonObject(0);
        Created c = created.values().iterator().next();
        assertThat(first.getLong("number")).isZero();
        assertThat(first.getString("state")).isEqualTo(c.state().name());
        assertThat(first.getJsonObject("params").getString("colour")).isEqualTo("red");
        assertThat(first.getJsonObject("params").getDouble("x")).isEqualTo(c.x());
        assertThat(first.getJsonArray("values").getList()).containsExactly(c.value());
        assertThat(first.getString("datetime_start")).startsWith("2026-01-01T00:00:00");
        assertThat(java.time.OffsetDateTime.parse(first.getString("datetime_complete")).getSecond()).isEqualTo(1);
        assertThat(first.getValue("delta_m")).as("not a search study").isNull();
        assertThat(first.getValue("layout")).isNull();
        JsonObject nan = api.get("/api/studies/" + study + "/trials?limit=1&state=COMPLETE&sort=-value").json()
                .getJsonArray("trials").getJsonObject(0);
        assertThat(nan.getJsonArray("values").getList()).as("NaN reads null").containsExactly((Object) null);
    }

    @Test
    void pagesContinueAfterTheirKeyWhenTrialsArriveInBetween() throws Exception {
        long fresh = api.storage.createStudy("growing", List.of(StudyDirection.MINIMIZE));
        for (int i = 0; i < 5; i++) {
            api.storage.createTrial(fresh, null);
        }
        JsonObject first = api.get("/api/studies/" + fresh + "/trials?limit=3").json();
        api.storage.createTrial(fresh, null);
        JsonObject second = api.get("/api/studies/" + fresh + "/trials?limit=3&after=" + first.getString("next")).json();
        List<Long> numbers = new ArrayList<>();
        first.getJsonArray("trials").forEach(t -> numbers.add(((JsonObject) t).getLong("number")));
        second.getJsonArray("trials").forEach(t -> numbers.add(((JsonObject) t).getLong("number")));
        assertThat(numbers).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(second.getLong("total")).isEqualTo(6);
        assertThat(second.getValue("next")).isNull();
    }

    @Test
    void malformedParametersAreNamed() throws Exception {
        String base = "/api/studies/" + study + "/trials";
        String next = api.get(base + "?limit=2").json().getString("next");
        assertThat(api.get(base + "?after=not-a-cursor").problem(400).getString("detail")).startsWith("after:");
        assertThat(api.get(base + "?after=" + next + "&sort=value").problem(400).getString("detail"))
                .startsWith("after:").contains("sort=number");
        for (String limit : List.of("0", "1001", "ten", "")) {
            JsonObject p = api.get(base + "?limit=" + limit).problem(400);
            assertThat(p.getString("detail")).startsWith("limit:").contains("1 to 1000");
            assertThat(p.getJsonArray("errors").getJsonObject(0).getString("path")).isEqualTo("limit");
        }
        assertThat(api.get(base + "?limit=5&limit=6").problem(400).getString("detail")).startsWith("limit:");
        assertThat(api.get(base + "?state=COMPLETE,DONE").problem(400).getString("detail")).startsWith("state:").contains("DONE");
        assertThat(api.get(base + "?sort=best").problem(400).getString("detail")).startsWith("sort:");
        assertThat(api.get(base + "?param=x:1").problem(400).getString("detail")).startsWith("param:");
        assertThat(api.get(base + "?param=x:low:1").problem(400).getString("detail")).contains("\"low\" is not a number");
        assertThat(api.get(base + "?param=x:1:0").problem(400).getString("detail")).contains("MIN is larger than MAX");
        assertThat(api.get(base + "?page=2").problem(400).getString("detail")).startsWith("page: unknown query parameter");
        api.get("/api/studies/987654/trials").problem(404);
    }
}
