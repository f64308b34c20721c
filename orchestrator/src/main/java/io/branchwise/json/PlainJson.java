package io.branchwise.json;

import io.branchwise.space.json.JsonParser;
import io.branchwise.space.json.JsonValue;
import io.branchwise.space.json.JsonWriter;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text ↔ the plain Java values a YAML spec also reads into (maps, lists, strings, longs, doubles, booleans,
 * null), so a spec read from YAML can cross to a trainer process and be read there by the same code.
 */
public final class PlainJson {
    private PlainJson() {
    }

    public static String write(Object value) {
        return JsonWriter.write(toJson(value));
    }

    public static Object read(String text) {
        return fromJson(JsonParser.parse(text));
    }

    public static JsonValue toJson(Object v) {
        if (v == null) {
            return JsonValue.JsonNull.NULL;
        } else if (v instanceof JsonValue j) {
            return j;
        } else if (v instanceof Boolean b) {
            return new JsonValue.JsonBool(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return JsonValue.JsonInt.of(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            return new JsonValue.JsonInt(b);
        } else if (v instanceof Number n) {
            return new JsonValue.JsonFloat(n.doubleValue());
        } else if (v instanceof CharSequence s) {
            return new JsonValue.JsonString(s.toString());
        } else if (v instanceof Map<?, ?> m) {
            Map<String, JsonValue> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), toJson(x)));
            return new JsonValue.JsonObject(out);
        } else if (v instanceof Iterable<?> it) {
            List<JsonValue> out = new ArrayList<>();
            it.forEach(x -> out.add(toJson(x)));
            return new JsonValue.JsonArray(out);
        } else if (v instanceof double[] a) {
            List<JsonValue> out = new ArrayList<>(a.length);
            for (double d : a) {
                out.add(new JsonValue.JsonFloat(d));
            }
            return new JsonValue.JsonArray(out);
        }
        // Dates from YAML and the like travel as text; the reader on the other side sees what YAML showed.
        return new JsonValue.JsonString(v.toString());
    }

    public static Object fromJson(JsonValue v) {
        if (v instanceof JsonValue.JsonNull) {
            return null;
        } else if (v instanceof JsonValue.JsonBool b) {
            return b.value();
        } else if (v instanceof JsonValue.JsonInt i) {
            return i.value().bitLength() < 64 ? (Object) i.value().longValue() : i.value();
        } else if (v instanceof JsonValue.JsonFloat f) {
            return f.value();
        } else if (v instanceof JsonValue.JsonString s) {
            return s.value();
        } else if (v instanceof JsonValue.JsonArray a) {
            List<Object> out = new ArrayList<>(a.elements().size());
            a.elements().forEach(x -> out.add(fromJson(x)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((JsonValue.JsonObject) v).members().forEach((k, x) -> out.put(k, fromJson(x)));
        return out;
    }
}
