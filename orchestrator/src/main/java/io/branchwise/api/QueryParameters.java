package io.branchwise.api;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of one request, read strictly: an unknown parameter (a typo such as {@code limt}) or a repeated
 * single-valued one is refused with a 400 that names it, rather than silently ignored.
 */
final class QueryParameters {
    private final MultiMap params;

    private QueryParameters(MultiMap params) {
        this.params = params;
    }

    /** The request's parameters, after refusing any not in {@code known}. */
    static QueryParameters of(RoutingContext rc, String... known) {
        MultiMap params = rc.queryParams();
        Set<String> allowed = new TreeSet<>(List.of(known));
        for (String name : params.names()) {
            if (!allowed.contains(name)) {
                throw ProblemException.badParameter(name, "unknown query parameter"
                        + (allowed.isEmpty() ? "; this endpoint takes none" : "; known: " + allowed));
            }
        }
        return new QueryParameters(params);
    }

    /** The single value of {@code name}, or null when absent. */
    String single(String name) {
        List<String> all = params.getAll(name);
        if (all.size() > 1) {
            throw ProblemException.badParameter(name, "given " + all.size() + " times; give it once");
        }
        return all.isEmpty() ? null : all.get(0);
    }

    List<String> all(String name) {
        return params.getAll(name);
    }

    int integer(String name, int fallback, int min, int max) {
        String text = single(name);
        if (text == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the accepted range
        }
        throw ProblemException.badParameter(name, "must be an integer from " + min + " to " + max + ", got \"" + text + "\"");
    }

    double real(String name, double fallback, double exclusiveMin, double exclusiveMax) {
        String text = single(name);
        if (text == null) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (v > exclusiveMin && v < exclusiveMax) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the accepted range
        }
        throw ProblemException.badParameter(name, "must be a number between " + exclusiveMin + " and "
                + exclusiveMax + " (exclusive), got \"" + text + "\"");
    }

    boolean bool(String name, boolean fallback) {
        String text = single(name);
        if (text == null) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ProblemException.badParameter(name, "must be true or false, got \"" + text + "\"");
        };
    }

    /** A path parameter that must be a non-negative id. */
    static long id(RoutingContext rc, String name) {
        String text = rc.pathParam(name);
        try {
            long v = Long.parseLong(text);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.badParameter(name, "must be a non-negative integer id, got \"" + text + "\"");
    }
}
