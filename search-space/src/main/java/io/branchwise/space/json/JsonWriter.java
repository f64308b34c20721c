package io.branchwise.space.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes text exactly as Python's {@code json.dumps} does with default settings: {@code ", "} and {@code ": "}
 * separators, non-ASCII as {@code \\uXXXX}, floats in {@code repr} form ({@code 0.0}, {@code 1e-05}), and the bare
 * tokens NaN / Infinity / -Infinity. A Python client reading it back gets the same value and type.
 */
public final class JsonWriter {
    private JsonWriter() {
    }

    public static String write(JsonValue value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(JsonValue value, StringBuilder out) {
        if (value instanceof JsonValue.JsonNull) {
            out.append("null");
        } else if (value instanceof JsonValue.JsonBool b) {
            out.append(b.value() ? "true" : "false");
        } else if (value instanceof JsonValue.JsonInt i) {
            out.append(i.value());
        } else if (value instanceof JsonValue.JsonFloat f) {
            out.append(pythonFloat(f.value()));
        } else if (value instanceof JsonValue.JsonString s) {
            string(s.value(), out);
        } else if (value instanceof JsonValue.JsonArray a) {
            out.append('[');
            Iterator<JsonValue> it = a.elements().iterator();
            while (it.hasNext()) {
                write(it.next(), out);
                if (it.hasNext()) {
                    out.append(", ");
                }
            }
            out.append(']');
        } else {
            out.append('{');
            Iterator<Map.Entry<String, JsonValue>> it = ((JsonValue.JsonObject) value).members().entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonValue> e = it.next();
                string(e.getKey(), out);
                out.append(": ");
                write(e.getValue(), out);
                if (it.hasNext()) {
                    out.append(", ");
                }
            }
            out.append('}');
        }
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that round-trip, in fixed notation when the decimal
     * exponent is in [-4, 16) and scientific otherwise, always with a ".0" or an exponent so it reads back as float.
     */
    public static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortestRoundTrip(Math.abs(d));
        String digits = shortest.unscaledValue().toString();
        // value = 0.digits × 10^pointPosition
        int pointPosition = digits.length() - shortest.scale();
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (pointPosition > -4 && pointPosition <= 16) {
            if (pointPosition <= 0) {
                out.append("0.").append("0".repeat(-pointPosition)).append(digits);
            } else if (pointPosition >= digits.length()) {
                out.append(digits).append("0".repeat(pointPosition - digits.length())).append(".0");
            } else {
                out.append(digits, 0, pointPosition).append('.').append(digits, pointPosition, digits.length());
            }
        } else {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            int exponent = pointPosition - 1;
            out.append('e').append(exponent < 0 ? '-' : '+');
            String magnitude = Integer.toString(Math.abs(exponent));
            out.append(magnitude.length() < 2 ? "0" + magnitude : magnitude);
        }
        return out.toString();
    }

    /**
     * The closest decimal with the fewest significant digits that reads back as {@code d}. JDK 17's
     * Double.toString is not always shortest (4.9E-324 for Python's 5e-324), so search the precision instead.
     */
    private static BigDecimal shortestRoundTrip(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
