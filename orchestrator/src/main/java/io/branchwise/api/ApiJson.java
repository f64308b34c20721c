package io.branchwise.api;

import io.branchwise.space.json.JsonParser;
import io.branchwise.space.json.JsonSyntaxException;
import io.branchwise.space.json.JsonValue;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Map;

/**
 * The REST API's JSON dialect. Stored values are Python's JSON (NaN, Infinity) and Python's naive datetimes; the
 * API speaks standard JSON, which has neither, and ISO-8601 with an offset. So:
 * <ul>
 *   <li>a non-finite number becomes null (documented in openapi.yaml: "null where the value is NaN or
 *       infinite"), everywhere, since a browser's {@code JSON.parse} rejects the bare tokens;</li>
 *   <li>a datetime is read in the server's time zone (where Optuna's clients and the storage wrote it) and gets
 *       that zone's offset.</li>
 * </ul>
 */
final class ApiJson {
    private static final DateTimeFormatter PYTHON = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true)
            .toFormatter();

    private ApiJson() {
    }

    static Object number(double d) {
        return Double.isFinite(d) ? d : null;
    }

    static Object number(Double d) {
        return d == null ? null : number(d.doubleValue());
    }

    static JsonArray numbers(List<Double> values) {
        JsonArray out = new JsonArray();
        values.forEach(v -> out.add(number(v)));
        return out;
    }

    /** Python datetime text → ISO-8601 with the server's offset; null stays null, unreadable text is passed on. */
    static String datetime(String python) {
        if (python == null) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(python, PYTHON);
            return local.atZone(ZoneId.systemDefault()).toOffsetDateTime()
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return python; // storage validates datetimes on the way in, so this is text it already accepted
        }
    }

    /** Stored JSON text (Python dialect) → a Vert.x JSON value; text that does not parse is returned as a string. */
    static Object parsed(String pythonJson) {
        if (pythonJson == null) {
            return null;
        }
        try {
            return value(JsonParser.parse(pythonJson));
        } catch (JsonSyntaxException e) {
            return pythonJson; // storage checks attribute JSON on the way in; keep whatever it holds visible
        }
    }

    static JsonObject parsedAttributes(Map<String, String> attributes) {
        JsonObject out = new JsonObject();
        attributes.forEach((k, v) -> out.put(k, parsed(v)));
        return out;
    }

    static Object value(JsonValue v) {
        if (v instanceof JsonValue.JsonNull) {
            return null;
        } else if (v instanceof JsonValue.JsonBool b) {
            return b.value();
        } else if (v instanceof JsonValue.JsonInt i) {
            return i.value().bitLength() < 64 ? (Object) i.value().longValue() : i.value();
        } else if (v instanceof JsonValue.JsonFloat f) {
            return number(f.value());
        } else if (v instanceof JsonValue.JsonString s) {
            return s.value();
        } else if (v instanceof JsonValue.JsonArray a) {
            JsonArray out = new JsonArray();
            a.elements().forEach(x -> out.add(value(x)));
            return out;
        }
        JsonObject out = new JsonObject();
        ((JsonValue.JsonObject) v).members().forEach((k, x) -> out.put(k, value(x)));
        return out;
    }

    /** Plain Java values (maps, lists, numbers …, as events and results carry them) → Vert.x JSON, NaN → null. */
    static Object plain(Object v) {
        if (v instanceof Double d) {
            return number(d);
        } else if (v instanceof Float f) {
            return number(f.doubleValue());
        } else if (v instanceof Map<?, ?> m) {
            JsonObject out = new JsonObject();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        } else if (v instanceof Iterable<?> it) {
            JsonArray out = new JsonArray();
            it.forEach(x -> out.add(plain(x)));
            return out;
        } else if (v instanceof Enum<?> e) {
            return e.name();
        }
        return v;
    }
}
