package io.branchwise.api;

import io.branchwise.json.PlainJson;
import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.space.json.JsonSyntaxException;
import io.branchwise.trial.TrialSpecReader;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads request bodies by their declared content type; a type this API does not take is a 415. */
public final class RequestBodies {
    static final List<String> JSON = List.of("application/json");
    /** YAML under each name in use (IANA registered application/yaml in 2024), or JSON. */
    static final List<String> SPEC = List.of("application/yaml", "text/yaml", "application/x-yaml", "application/json");

    private RequestBodies() {
    }

    /** The media type without parameters, lower case; null when the request has none. */
    static String mediaType(RoutingContext rc) {
        return mediaType(rc.request().getHeader("Content-Type"));
    }

    /**
     * Whether a {@code Content-Type} header names a type a spec may come in (which includes JSON): the types that
     * the server's request guard lets change state, since no cross-site form or simple request can send them.
     */
    public static boolean isSpecType(String contentTypeHeader) {
        String type = mediaType(contentTypeHeader);
        return type != null && SPEC.contains(type);
    }

    private static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static String require(RoutingContext rc, List<String> accepted) {
        String type = mediaType(rc);
        if (type == null || !accepted.contains(type)) {
            throw ProblemException.unsupportedMediaType(type, accepted);
        }
        return type;
    }

    static JsonObject jsonObject(RoutingContext rc) {
        require(rc, JSON);
        String text = text(rc, "a JSON object");
        Object value;
        try {
            value = io.vertx.core.json.Json.decodeValue(text);
        } catch (DecodeException e) {
            throw ProblemException.unreadableBody("the body is not valid JSON: " + e.getMessage());
        }
        if (!(value instanceof JsonObject object)) {
            throw ProblemException.unreadableBody("the body must be a JSON object, got " + describe(value));
        }
        return object;
    }

    /** A search spec as {@link io.branchwise.search.spec.SearchSpecReader} takes it, from YAML or JSON. */
    static Map<String, Object> spec(RoutingContext rc) {
        String type = require(rc, SPEC);
        String text = text(rc, "a search spec");
        if (type.equals("application/json")) {
            Object value;
            try {
                value = PlainJson.read(text);
            } catch (JsonSyntaxException e) {
                throw ProblemException.unreadableBody("the body is not valid JSON: " + e.getMessage());
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw ProblemException.unreadableBody("the spec must be a JSON object, got " + describe(value));
            }
            try {
                return Options.element("", map).asMap();
            } catch (SpecException e) {
                throw ProblemException.unreadableBody(e.getMessage());
            }
        }
        try {
            return TrialSpecReader.parseYaml(text, "the request body");
        } catch (SpecException e) {
            throw ProblemException.unreadableBody(e.getMessage());
        }
    }

    private static String text(RoutingContext rc, String expected) {
        String text = rc.body() == null ? null : rc.body().asString("UTF-8");
        if (text == null || text.isBlank()) {
            throw ProblemException.unreadableBody("the body is empty; send " + expected);
        }
        return text;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List<?> || value instanceof io.vertx.core.json.JsonArray) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        return value instanceof Number ? "a number" : value.getClass().getSimpleName();
    }
}
