package io.branchwise.api;

import io.branchwise.search.host.SearchHost;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.storage.Storage;
import io.branchwise.storage.StudyRecord;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.query.StudySummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code /api/studies}: list, create, read and delete studies. */
final class StudyRoutes {
    private final Storage storage;
    private final SearchHost host;
    private final Replies replies;

    StudyRoutes(Storage storage, SearchHost host, Replies replies) {
        this.storage = storage;
        this.host = host;
        this.replies = replies;
    }

    void list(RoutingContext rc) {
        QueryParameters.of(rc);
        replies.json(rc, 200, () -> {
            JsonArray studies = new JsonArray();
            storage.studySummaries(StudyJson.SUMMARY_ATTRIBUTES, StudyJson.DELTA_M)
                    .forEach(s -> studies.add(StudyJson.summary(s, host)));
            return new JsonObject().put("studies", studies);
        });
    }

    /** A plain Optuna-style study: a name and its directions (default one, MINIMIZE, as Optuna's). */
    void create(RoutingContext rc) {
        QueryParameters.of(rc);
        JsonObject body = RequestBodies.jsonObject(rc);
        List<FieldError> errors = new ArrayList<>();
        for (String field : body.fieldNames()) {
            if (!field.equals("name") && !field.equals("directions")) {
                errors.add(new FieldError(field, "unknown field; a study takes name and directions"));
            }
        }
        Object name = body.getValue("name");
        if (!(name instanceof String text) || text.isEmpty()) {
            errors.add(new FieldError("name", name == null ? "required" : "must be a non-empty string"));
        }
        List<StudyDirection> directions = directions(body.getValue("directions"), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalidBody("invalid-study", "Invalid study", "the study has " + errors.size()
                    + (errors.size() == 1 ? " problem" : " problems"), errors);
        }
        replies.blocking(() -> {
            long id = storage.createStudy((String) name, directions);
            return StudyJson.summary(storage.studySummary(id, StudyJson.SUMMARY_ATTRIBUTES, StudyJson.DELTA_M), host);
        }).onSuccess(json -> {
            rc.response().putHeader("Location", "/api/studies/" + json.getLong("id"));
            Replies.send(rc, 201, json);
        }).onFailure(rc::fail);
    }

    private static List<StudyDirection> directions(Object value, List<FieldError> errors) {
        if (value == null) {
            return List.of(StudyDirection.MINIMIZE);
        }
        if (!(value instanceof JsonArray list) || list.isEmpty()) {
            errors.add(new FieldError("directions", "must be a non-empty array of \"MINIMIZE\" or \"MAXIMIZE\""));
            return List.of();
        }
        List<StudyDirection> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object d = list.getValue(i);
            String text = d instanceof String s ? s.toUpperCase(Locale.ROOT) : "";
            if (text.equals("MINIMIZE") || text.equals("MAXIMIZE")) {
                out.add(StudyDirection.valueOf(text));
            } else {
                errors.add(new FieldError("directions[" + i + "]", "must be \"MINIMIZE\" or \"MAXIMIZE\", got " + d));
            }
        }
        return out;
    }

    void get(RoutingContext rc) {
        QueryParameters.of(rc);
        long id = QueryParameters.id(rc, "id");
        replies.json(rc, 200, () -> {
            StudySummary summary = storage.studySummary(id, StudyJson.SUMMARY_ATTRIBUTES, StudyJson.DELTA_M);
            StudyRecord record = storage.study(id);
            List<StudyTask> tasks = storage.studyTasks(id);
            return StudyJson.detail(summary, record, tasks, host);
        });
    }

    /** Refused with 409 while a search runs on the study: its runner would go on writing to a deleted study. */
    void delete(RoutingContext rc) {
        QueryParameters.of(rc);
        long id = QueryParameters.id(rc, "id");
        replies.blocking(() -> {
            boolean deleted = host == null ? deleteNow(id) : host.whileIdle(id, () -> storage.deleteStudy(id));
            if (!deleted) {
                throw ProblemException.conflict("search-running", "Search running", "study " + id
                        + " has a running search; stop it first (POST /api/studies/" + id + "/stop)");
            }
            return null;
        }).onSuccess(ignored -> rc.response().setStatusCode(204).end()).onFailure(rc::fail);
    }

    private boolean deleteNow(long id) {
        storage.deleteStudy(id);
        return true;
    }
}
