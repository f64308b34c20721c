package io.branchwise.launcher;

import io.branchwise.json.PlainJson;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of one JSON object of a trainer message (as {@link PlainJson#read} gives it), each refusal a
 * {@link MalformedMessageException} naming the member's JSON path. Messages come from other programs, some not
 * written by us (external trainers), so "which member, and what was wrong with it" is the whole error.
 */
final class MessageFields {
    private final Map<?, ?> members;
    private final String path;

    private MessageFields(Map<?, ?> members, String path) {
        this.members = members;
        this.path = path;
    }

    /** The message itself, which must be a JSON object. */
    static MessageFields of(Object message) {
        if (!(message instanceof Map<?, ?> m)) {
            throw new MalformedMessageException("$", "expected a JSON object, got " + describe(message));
        }
        return new MessageFields(m, "$");
    }

    String path(String key) {
        return path + "." + key;
    }

    boolean has(String key) {
        return members.get(key) != null;
    }

    Object raw(String key) {
        return members.get(key);
    }

    private Object required(String key) {
        Object v = members.get(key);
        if (v == null) {
            throw new MalformedMessageException(path(key), members.containsKey(key) ? "must not be null" : "missing");
        }
        return v;
    }

    String string(String key) {
        Object v = required(key);
        if (!(v instanceof String s)) {
            throw new MalformedMessageException(path(key), "expected a string, got " + describe(v));
        }
        return s;
    }

    /** The string, or null when the member is absent or null. */
    String optionalString(String key) {
        return has(key) ? string(key) : null;
    }

    long integer(String key) {
        return integer(required(key), path(key));
    }

    long integer(String key, long absent) {
        return has(key) ? integer(key) : absent;
    }

    double number(String key) {
        return number(required(key), path(key));
    }

    double number(String key, double absent) {
        return has(key) ? number(key) : absent;
    }

    boolean bool(String key, boolean absent) {
        if (!has(key)) {
            return absent;
        }
        Object v = members.get(key);
        if (!(v instanceof Boolean b)) {
            throw new MalformedMessageException(path(key), "expected true or false, got " + describe(v));
        }
        return b;
    }

    MessageFields object(String key) {
        Object v = required(key);
        if (!(v instanceof Map<?, ?> m)) {
            throw new MalformedMessageException(path(key), "expected a JSON object, got " + describe(v));
        }
        return new MessageFields(m, path(key));
    }

    /** An object whose members are all numbers: per task, one value. */
    Map<String, Double> numbers(String key) {
        MessageFields o = object(key);
        Map<String, Double> out = new LinkedHashMap<>();
        o.members.forEach((k, v) -> out.put(String.valueOf(k), number(v, o.path(String.valueOf(k)))));
        return out;
    }

    Map<String, Double> numbers(String key, Map<String, Double> absent) {
        return has(key) ? numbers(key) : absent;
    }

    /** Per task, per metric name, a number. */
    Map<String, Map<String, Double>> metrics(String key) {
        MessageFields o = object(key);
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        o.members.keySet().forEach(k -> out.put(String.valueOf(k), o.numbers(String.valueOf(k))));
        return out;
    }

    List<String> strings(String key) {
        List<?> list = list(key);
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new MalformedMessageException(path(key) + "[" + i + "]", "expected a string, got " + describe(list.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    /** A list of lists of numbers, e.g. a matrix's rows. */
    double[][] rows(String key) {
        List<?> list = list(key);
        double[][] out = new double[list.size()][];
        for (int i = 0; i < list.size(); i++) {
            String at = path(key) + "[" + i + "]";
            if (!(list.get(i) instanceof List<?> row)) {
                throw new MalformedMessageException(at, "expected a list of numbers, got " + describe(list.get(i)));
            }
            out[i] = new double[row.size()];
            for (int j = 0; j < row.size(); j++) {
                out[i][j] = number(row.get(j), at + "[" + j + "]");
            }
        }
        return out;
    }

    private List<?> list(String key) {
        Object v = required(key);
        if (!(v instanceof List<?> l)) {
            throw new MalformedMessageException(path(key), "expected a list, got " + describe(v));
        }
        return l;
    }

    private static long integer(Object v, String at) {
        if (v instanceof Long l) {
            return l;
        }
        // JSON Schema's integer, which the published schemas use, includes 3.0: a client may send what it validated.
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) <= 0x1p53) {
            return d.longValue();
        }
        if (v instanceof BigInteger) {
            throw new MalformedMessageException(at, "integer " + v + " is out of range");
        }
        throw new MalformedMessageException(at, "expected an integer, got " + describe(v));
    }

    private static double number(Object v, String at) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new MalformedMessageException(at, "expected a number, got " + describe(v));
    }

    /** The value as its JSON text, shortened: enough to recognise it, never a whole message. */
    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        String json = PlainJson.write(v);
        return json.length() > 60 ? json.substring(0, 57) + "..." : json;
    }
}
