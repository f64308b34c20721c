package io.branchwise.api;

import io.branchwise.search.TrialAttributes;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.query.TrialRow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.NavigableMap;
import java.util.Set;

/** Trials as the API shows them. */
final class TrialJson {
    /** The system attributes a row of a trial list carries. */
    static final Set<String> ROW_ATTRIBUTES = Set.of(TrialAttributes.LAYOUT, TrialAttributes.NEGATIVE_TRANSFER,
            TrialAttributes.DELTA_M);

    private TrialJson() {
    }

    /**
     * @param search whether the study is a Branchwise search. A complete search trial stores its Δm beside its
     *               values; one stored before that attribute existed belongs to a Δm search, whose one value is Δm
     *               (a pruned trial's value is an epoch's aggregate, never Δm).
     */
    static JsonObject row(TrialRow r, boolean search, ParamDecoder decoder) {
        JsonObject params = new JsonObject();
        r.params().forEach((name, internal) -> params.put(name, decoder.external(internal, r.distributions().get(name))));
        return new JsonObject()
                .put("id", r.id())
                .put("number", r.number())
                .put("state", r.state().name())
                .put("values", ApiJson.numbers(r.values()))
                .put("params", params)
                .put("datetime_start", ApiJson.datetime(r.datetimeStart()))
                .put("datetime_complete", ApiJson.datetime(r.datetimeComplete()))
                .put("delta_m", deltaM(r, search))
                .put("layout", ApiJson.parsed(r.systemAttributes().get(TrialAttributes.LAYOUT)))
                .put("negative_transfer", ApiJson.parsed(r.systemAttributes().get(TrialAttributes.NEGATIVE_TRANSFER)));
    }

    private static Object deltaM(TrialRow r, boolean search) {
        String stored = r.systemAttributes().get(TrialAttributes.DELTA_M);
        if (stored != null) {
            return ApiJson.parsed(stored) instanceof Number n ? n : null;
        }
        boolean deltaMValue = search && r.state() == TrialState.COMPLETE && r.values().size() == 1;
        return deltaMValue ? ApiJson.number(r.values().get(0)) : null;
    }

    static JsonObject detail(TrialRecord t, List<StudyTask> tasks, NavigableMap<Long, List<Double>> taskValues) {
        ParamDecoder decoder = new ParamDecoder();
        JsonObject params = new JsonObject();
        JsonObject distributions = new JsonObject();
        t.params().forEach((name, internal) -> {
            String distribution = t.distributions().get(name);
            params.put(name, decoder.external(internal, distribution));
            distributions.put(name, ApiJson.parsed(distribution));
        });
        JsonArray steps = new JsonArray();
        JsonArray values = new JsonArray();
        t.intermediateValues().forEach((step, value) -> {
            steps.add(step);
            values.add(ApiJson.number(value));
        });
        Object failReason = ApiJson.parsed(t.systemAttributes().get(TrialAttributes.FAIL_REASON));
        return new JsonObject()
                .put("id", t.id())
                .put("study_id", t.studyId())
                .put("number", t.number())
                .put("state", t.state().name())
                .put("values", ApiJson.numbers(t.values()))
                .put("datetime_start", ApiJson.datetime(t.datetimeStart()))
                .put("datetime_complete", ApiJson.datetime(t.datetimeComplete()))
                .put("params", params)
                .put("distributions", distributions)
                .put("intermediate_values", new JsonObject().put("steps", steps).put("values", values))
                .put("user_attrs", ApiJson.parsedAttributes(t.userAttributes()))
                .put("system_attrs", ApiJson.parsedAttributes(t.systemAttributes()))
                .put("fail_reason", failReason instanceof String s ? s : null)
                .put("curves", curves(tasks, taskValues));
    }

    /** Per-task curves as parallel arrays: one value per task per step, null where a task had NaN. */
    static JsonObject curves(List<StudyTask> tasks, NavigableMap<Long, List<Double>> taskValues) {
        JsonArray steps = new JsonArray();
        taskValues.keySet().forEach(steps::add);
        JsonObject values = new JsonObject();
        JsonObject metrics = new JsonObject();
        for (int i = 0; i < tasks.size(); i++) {
            JsonArray curve = new JsonArray();
            for (List<Double> vector : taskValues.values()) {
                curve.add(i < vector.size() ? ApiJson.number(vector.get(i)) : null);
            }
            values.put(tasks.get(i).name(), curve);
            metrics.put(tasks.get(i).name(), tasks.get(i).metric());
        }
        return new JsonObject()
                .put("tasks", new JsonArray(tasks.stream().map(StudyTask::name).toList()))
                .put("metrics", metrics)
                .put("steps", steps)
                .put("values", values);
    }
}
