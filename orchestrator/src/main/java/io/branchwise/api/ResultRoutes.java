package io.branchwise.api;

import io.branchwise.search.SearchStudy;
import io.branchwise.storage.Storage;
import io.branchwise.storage.StudyRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What a search stored on its study: the affinity matrix with the candidate groupings, the single-task baselines
 * and the recommendation. Each is a 404 until the search has stored it, with a detail saying when it will be.
 */
final class ResultRoutes {
    private final Storage storage;
    private final Replies replies;

    ResultRoutes(Storage storage, Replies replies) {
        this.storage = storage;
        this.replies = replies;
    }

    void affinity(RoutingContext rc) {
        QueryParameters.of(rc);
        long id = QueryParameters.id(rc, "id");
        replies.json(rc, 200, () -> {
            StudyRecord study = storage.study(id);
            JsonObject affinity = object(study, SearchStudy.AFFINITY, "study " + id + " has no affinity matrix: a"
                    + " search measures it in one joint run before its trials, when space.groupings is auto");
            Object candidates = ApiJson.parsed(study.systemAttributes().get(SearchStudy.CANDIDATES));
            return affinity.put("candidates", candidates instanceof JsonArray list ? list : new JsonArray());
        });
    }

    void recommendation(RoutingContext rc) {
        QueryParameters.of(rc);
        long id = QueryParameters.id(rc, "id");
        replies.json(rc, 200, () -> object(storage.study(id), SearchStudy.RECOMMENDATION, "study " + id
                + " has no recommendation: a search stores one when it ends with at least one complete trial"));
    }

    /** Per task: the metrics trained alone and the validation curve by epoch (as parallel arrays). */
    void baselines(RoutingContext rc) {
        QueryParameters.of(rc);
        long id = QueryParameters.id(rc, "id");
        replies.json(rc, 200, () -> {
            Object stored = ApiJson.parsed(storage.study(id).systemAttributes().get(SearchStudy.BASELINES));
            if (!(stored instanceof JsonArray list)) {
                throw ProblemException.notFound("study " + id + " has no single-task baselines: a search stores them"
                        + " once every task has been trained alone");
            }
            JsonArray out = new JsonArray();
            for (Object o : list) {
                if (o instanceof JsonObject b) {
                    out.add(baseline(b));
                }
            }
            return new JsonObject().put("baselines", out);
        });
    }

    private static JsonObject baseline(JsonObject stored) {
        JsonArray epochs = new JsonArray();
        JsonArray values = new JsonArray();
        JsonObject curve = stored.getJsonObject("curve", new JsonObject());
        curve.fieldNames().stream().sorted(java.util.Comparator.comparingLong(ResultRoutes::epoch)).forEach(k -> {
            epochs.add(epoch(k));
            values.add(curve.getValue(k));
        });
        return stored.copy().put("curve", new JsonObject().put("steps", epochs).put("values", values));
    }

    private static long epoch(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not written by a search; keep it, last
        }
    }

    private static JsonObject object(StudyRecord study, String key, String missing) {
        Object value = ApiJson.parsed(study.systemAttributes().get(key));
        if (!(value instanceof JsonObject object)) {
            throw ProblemException.notFound(missing);
        }
        return object;
    }
}
