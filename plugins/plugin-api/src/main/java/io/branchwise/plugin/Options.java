package io.branchwise.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plugin's options as they came from YAML or JSON (maps, lists, strings, numbers, booleans), read with typed
 * getters that fail with the option's full path. Every plugin reads its options through this class, so a typo in
 * any plugin's options produces the same kind of message.
 */
public final class Options {
    private final String path;
    private final Map<String, Object> values;

    private Options(String path, Map<String, ?> values) {
        this.path = path;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** @param path where these options sit in the spec ({@code data.options}); empty at the top. */
    public static Options of(String path, Map<String, ?> values) {
        return new Options(path == null ? "" : path, values == null ? Map.of() : values);
    }

    public static Options empty(String path) {
        return of(path, Map.of());
    }

    public String path() {
        return path;
    }

    /** The path of one key below these options. */
    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public Map<String, Object> asMap() {
        return values;
    }

    /** Fails naming every key that is not among {@code known}, so misspelt options are not silently ignored. */
    public Options requireOnly(Set<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new SpecException(path(key), "unknown option; known options are " + new java.util.TreeSet<>(known));
            }
        }
        return this;
    }

    public String string(String key) {
        Object v = require(key);
        if (v instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new SpecException(path(key), "expected a non-empty string, got " + describe(v));
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    public int integer(String key) {
        long v = longValue(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new SpecException(path(key), "integer " + v + " out of range");
        }
        return (int) v;
    }

    public int integer(String key, int fallback) {
        return has(key) ? integer(key) : fallback;
    }

    /** An integer at least {@code min}. */
    public int integer(String key, int fallback, int min) {
        int v = integer(key, fallback);
        if (v < min) {
            throw new SpecException(path(key), "must be at least " + min + ", got " + v);
        }
        return v;
    }

    public long longValue(String key) {
        Object v = require(key);
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.math.BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) {
            return (long) n.doubleValue();
        }
        throw new SpecException(path(key), "expected an integer, got " + describe(v));
    }

    public long longValue(String key, long fallback) {
        return has(key) ? longValue(key) : fallback;
    }

    public double number(String key) {
        Object v = require(key);
        if (v instanceof Number n && !Double.isNaN(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new SpecException(path(key), "expected a number, got " + describe(v));
    }

    public double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    /** A number in [min, max]. */
    public double number(String key, double fallback, double min, double max) {
        double v = number(key, fallback);
        if (!(v >= min && v <= max)) {
            throw new SpecException(path(key), "must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = values.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new SpecException(path(key), "expected true or false, got " + describe(v));
    }

    /** A list of strings; a single string is accepted as a list of one. */
    public List<String> strings(String key) {
        Object v = require(key);
        if (v instanceof String s) {
            return List.of(s);
        }
        List<?> list = list(key);
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || s.isBlank()) {
                throw new SpecException(path(key) + "[" + i + "]", "expected a non-empty string, got " + describe(list.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    public List<?> list(String key) {
        Object v = require(key);
        if (v instanceof List<?> l) {
            return l;
        }
        throw new SpecException(path(key), "expected a list, got " + describe(v));
    }

    /** The nested options under {@code key}; empty options when absent. */
    public Options object(String key) {
        if (!has(key)) {
            return empty(path(key));
        }
        Object v = values.get(key);
        if (v instanceof Map<?, ?> m) {
            return of(path(key), stringKeys(path(key), m));
        }
        throw new SpecException(path(key), "expected a mapping, got " + describe(v));
    }

    /** Options made from an element of a list ({@code tasks[2]}). */
    public static Options element(String path, Object value) {
        if (value instanceof Map<?, ?> m) {
            return of(path, stringKeys(path, m));
        }
        throw new SpecException(path, "expected a mapping, got " + describe(value));
    }

    private static Map<String, Object> stringKeys(String path, Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw new SpecException(path, "keys must be strings, got " + describe(e.getKey()));
            }
            out.put(k, e.getValue());
        }
        return out;
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new SpecException(path(key), "required");
        }
        return v;
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        if (v instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        return String.valueOf(v);
    }

    /**
     * Options are equal when they hold the same values as JSON sees them: a 3 read from YAML (an Integer) equals a 3
     * read from JSON (a Long). Where they sit in a spec is not part of what they are.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Options other && normal(values).equals(normal(other.values));
    }

    @Override
    public int hashCode() {
        return normal(values).hashCode();
    }

    private static Object normal(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, normal(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Options::normal).toList();
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return v;
    }

    @Override
    public String toString() {
        return path + values;
    }
}
