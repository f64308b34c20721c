package io.branchwise.space.json;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A value of Python's JSON dialect: what {@code json.loads} returns. Ints and floats stay apart ({@code 3} and
 * {@code 3.0} are different values to a Python client) and floats may be NaN or infinite.
 */
public sealed interface JsonValue {

    enum JsonNull implements JsonValue {
        NULL
    }

    record JsonBool(boolean value) implements JsonValue {
    }

    record JsonInt(BigInteger value) implements JsonValue {
        public static JsonInt of(long value) {
            return new JsonInt(BigInteger.valueOf(value));
        }
    }

    record JsonFloat(double value) implements JsonValue {
    }

    record JsonString(String value) implements JsonValue {
    }

    record JsonArray(List<JsonValue> elements) implements JsonValue {
        public JsonArray {
            elements = List.copyOf(elements);
        }
    }

    /** Members keep their order of appearance, as a Python dict does. */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        public JsonObject {
            members = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(members));
        }
    }

    /**
     * Python's {@code ==}: numbers compare by value across int, float and bool ({@code 1 == 1.0 == True}).
     * Unlike Python, NaN equals NaN, because choices that came from two separate parses must still match.
     */
    static boolean pythonEquals(JsonValue a, JsonValue b) {
        if (isNumeric(a) && isNumeric(b)) {
            return numericEquals(a, b);
        }
        if (a instanceof JsonArray x && b instanceof JsonArray y) {
            if (x.elements().size() != y.elements().size()) {
                return false;
            }
            for (int i = 0; i < x.elements().size(); i++) {
                if (!pythonEquals(x.elements().get(i), y.elements().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof JsonObject x && b instanceof JsonObject y) {
            if (!x.members().keySet().equals(y.members().keySet())) {
                return false;
            }
            return x.members().entrySet().stream().allMatch(e -> pythonEquals(e.getValue(), y.members().get(e.getKey())));
        }
        return a.equals(b);
    }

    private static boolean isNumeric(JsonValue v) {
        return v instanceof JsonInt || v instanceof JsonFloat || v instanceof JsonBool;
    }

    private static boolean numericEquals(JsonValue a, JsonValue b) {
        if (a instanceof JsonFloat x && b instanceof JsonFloat y) {
            return Double.compare(x.value(), y.value()) == 0 || x.value() == y.value();
        }
        if (a instanceof JsonFloat || b instanceof JsonFloat) {
            double f = a instanceof JsonFloat x ? x.value() : ((JsonFloat) b).value();
            BigInteger i = integral(a instanceof JsonFloat ? b : a);
            return !Double.isNaN(f) && !Double.isInfinite(f) && f == Math.rint(f)
                    && new java.math.BigDecimal(f).toBigIntegerExact().equals(i);
        }
        return integral(a).equals(integral(b));
    }

    private static BigInteger integral(JsonValue v) {
        if (v instanceof JsonBool b) {
            return b.value() ? BigInteger.ONE : BigInteger.ZERO;
        }
        return ((JsonInt) v).value();
    }
}
