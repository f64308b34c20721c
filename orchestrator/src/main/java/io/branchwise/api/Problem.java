package io.branchwise.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * An RFC 9457 problem: {@code type} names the kind (a URN listed in openapi.yaml), {@code title} says it in
 * words, {@code detail} says what happened this time in terms a person can act on, {@code instance} is the
 * request path. Validation problems list every field in {@code errors}.
 */
record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
    static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:branchwise:problem:";

    Problem {
        errors = List.copyOf(errors);
    }

    static Problem of(String kind, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + kind, title, status, detail, List.of());
    }

    Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, fieldErrors);
    }

    JsonObject toJson(String instance) {
        JsonObject json = new JsonObject().put("type", type).put("title", title).put("status", status)
                .put("detail", detail).put("instance", instance);
        if (!errors.isEmpty()) {
            JsonArray list = new JsonArray();
            errors.forEach(e -> list.add(new JsonObject().put("path", e.path()).put("message", e.message())));
            json.put("errors", list);
        }
        return json;
    }
}
