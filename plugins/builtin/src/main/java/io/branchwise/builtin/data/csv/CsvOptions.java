package io.branchwise.builtin.data.csv;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The csv source's options, checked for consistency before the file is opened. See {@link CsvDataSource} for
 * what each one means.
 *
 * @param features null when omitted: every column that is not a target
 */
record CsvOptions(List<String> features, List<String> targets, Set<String> categorical, char delimiter,
                  MissingPolicy missing, double validation, double test, boolean standardize, Options source) {

    static final Set<String> KNOWN = Set.of("path", "features", "targets", "categorical", "delimiter", "missing",
            "validation", "test", "standardize");

    static CsvOptions from(Options o) {
        o.requireOnly(KNOWN);
        List<String> targets = distinct(o, "targets", o.strings("targets"));
        List<String> features = o.has("features") ? distinct(o, "features", o.strings("features")) : null;
        if (features != null) {
            for (int i = 0; i < features.size(); i++) {
                if (targets.contains(features.get(i))) {
                    throw new SpecException(o.path("features") + "[" + i + "]", "\"" + features.get(i)
                            + "\" is also a target; a column is either a feature or a target");
                }
            }
        }
        List<String> categorical = o.has("categorical") ? distinct(o, "categorical", o.strings("categorical")) : List.of();
        for (int i = 0; i < categorical.size(); i++) {
            if (!targets.contains(categorical.get(i))) {
                throw new SpecException(o.path("categorical") + "[" + i + "]", "\"" + categorical.get(i)
                        + "\" is not a target; only target columns can be categorical (targets are " + targets + ")");
            }
        }
        double validation = o.number("validation", 0.15);
        double test = o.number("test", 0.15);
        if (!(validation > 0 && validation < 1)) {
            throw new SpecException(o.path("validation"), "must be a fraction in (0, 1), got " + validation);
        }
        if (!(test >= 0 && test < 1)) {
            throw new SpecException(o.path("test"), "must be a fraction in [0, 1), got " + test);
        }
        if (validation + test >= 1) {
            throw new SpecException(o.path("test"), "validation " + validation + " and test " + test + " leave no training rows");
        }
        o.string("path"); // required; the source opens it through the request, which checks where it lies
        return new CsvOptions(features, targets, Set.copyOf(categorical), delimiter(o),
                MissingPolicy.from(o, "missing"), validation, test, o.bool("standardize", true), o);
    }

    private static char delimiter(Options o) {
        String d = o.has("delimiter") ? rawDelimiter(o) : ",";
        if (d.equals("tab") || d.equals("\\t")) {
            return '\t';
        }
        if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
            throw new SpecException(o.path("delimiter"), "must be one character other than a quote or line break (or \"tab\"), got \"" + d + "\"");
        }
        return d.charAt(0);
    }

    /** The delimiter as written; a lone space or tab is a valid delimiter, which {@link Options#string} would refuse as blank. */
    private static String rawDelimiter(Options o) {
        Object v = o.asMap().get("delimiter");
        if (v instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw new SpecException(o.path("delimiter"), "expected one character, got " + (v instanceof String ? "\"\"" : String.valueOf(v)));
    }

    private static List<String> distinct(Options o, String key, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!seen.add(names.get(i))) {
                throw new SpecException(o.path(key) + "[" + i + "]", "\"" + names.get(i) + "\" is listed twice");
            }
        }
        if (names.isEmpty()) {
            throw new SpecException(o.path(key), "must name at least one column");
        }
        return names;
    }
}
