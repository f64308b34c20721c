package io.branchwise.space.distribution;

import io.branchwise.space.json.JsonParser;
import io.branchwise.space.json.JsonSyntaxException;
import io.branchwise.space.json.JsonValue;
import io.branchwise.space.json.JsonValue.JsonArray;
import io.branchwise.space.json.JsonValue.JsonBool;
import io.branchwise.space.json.JsonValue.JsonFloat;
import io.branchwise.space.json.JsonValue.JsonInt;
import io.branchwise.space.json.JsonValue.JsonNull;
import io.branchwise.space.json.JsonValue.JsonObject;
import io.branchwise.space.json.JsonValue.JsonString;
import io.branchwise.space.json.JsonWriter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Optuna's distribution JSON: {@code {"name": <class>, "attributes": {...}}} with the current and the deprecated
 * class names, and the abbreviated {@code {"type": "float"|"int"|"categorical", ...}} form that Optuna also reads.
 * {@link #write} produces exactly what Optuna's {@code distribution_to_json} produces.
 */
public final class DistributionJson {
    private static final String UNIFORM = "UniformDistribution";
    private static final String LOG_UNIFORM = "LogUniformDistribution";
    private static final String DISCRETE_UNIFORM = "DiscreteUniformDistribution";
    private static final String INT_UNIFORM = "IntUniformDistribution";
    private static final String INT_LOG_UNIFORM = "IntLogUniformDistribution";

    private DistributionJson() {
    }

    /** @throws InvalidDistributionException when the text is not JSON, names no known class, or is out of range */
    public static Distribution parse(String json) {
        JsonValue root;
        try {
            root = JsonParser.parse(json);
        } catch (JsonSyntaxException e) {
            throw new InvalidDistributionException("not valid JSON: " + e.getMessage());
        }
        JsonObject object = asObject(root, "distribution");
        if (object.members().containsKey("name")) {
            String name = string(object, "name");
            JsonObject attributes = asObject(object.members().get("attributes"), "\"attributes\"");
            return fromClass(name, attributes);
        }
        if (object.members().containsKey("type")) {
            return fromAbbreviated(string(object, "type"), object);
        }
        throw new InvalidDistributionException("expected a \"name\" or a \"type\" key in " + json);
    }

    private static Distribution fromClass(String name, JsonObject a) {
        switch (name) {
            case FloatDistribution.NAME:
                allowOnly(name, a, "low", "high", "log", "step");
                return new FloatDistribution(name, real(a, "low"), real(a, "high"), bool(a, "log", false),
                        optionalReal(a, "step"));
            case UNIFORM:
                allowOnly(name, a, "low", "high");
                return new FloatDistribution(name, real(a, "low"), real(a, "high"), false, null);
            case LOG_UNIFORM:
                allowOnly(name, a, "low", "high");
                return new FloatDistribution(name, real(a, "low"), real(a, "high"), true, null);
            case DISCRETE_UNIFORM:
                allowOnly(name, a, "low", "high", "q");
                return new FloatDistribution(name, real(a, "low"), real(a, "high"), false, real(a, "q"));
            case IntDistribution.NAME:
                allowOnly(name, a, "low", "high", "log", "step");
                return new IntDistribution(name, integer(a, "low"), integer(a, "high"), bool(a, "log", false),
                        a.members().containsKey("step") ? integer(a, "step") : 1);
            case INT_UNIFORM:
                allowOnly(name, a, "low", "high", "step");
                return new IntDistribution(name, integer(a, "low"), integer(a, "high"), false,
                        a.members().containsKey("step") ? integer(a, "step") : 1);
            case INT_LOG_UNIFORM:
                allowOnly(name, a, "low", "high", "step");
                return new IntDistribution(name, integer(a, "low"), integer(a, "high"), true,
                        a.members().containsKey("step") ? integer(a, "step") : 1);
            case CategoricalDistribution.NAME:
                allowOnly(name, a, "choices");
                return new CategoricalDistribution(choices(a));
            default:
                throw new InvalidDistributionException("unknown distribution class \"" + name + "\"");
        }
    }

    private static Distribution fromAbbreviated(String type, JsonObject a) {
        switch (type) {
            case "categorical":
                return new CategoricalDistribution(choices(a));
            case "float":
                return new FloatDistribution(real(a, "low"), real(a, "high"), bool(a, "log", false),
                        optionalReal(a, "step"));
            case "int":
                JsonValue step = a.members().get("step");
                return new IntDistribution(integer(a, "low"), integer(a, "high"), bool(a, "log", false),
                        step == null || step == JsonNull.NULL ? 1 : integer(a, "step"));
            default:
                throw new InvalidDistributionException("unknown distribution type \"" + type + "\"");
        }
    }

    /** The JSON Optuna writes for this distribution, attribute order included. */
    public static String write(Distribution distribution) {
        Map<String, JsonValue> attributes = new LinkedHashMap<>();
        if (distribution instanceof FloatDistribution f) {
            switch (f.className()) {
                case FloatDistribution.NAME -> {
                    attributes.put("step", f.step() == null ? JsonNull.NULL : new JsonFloat(f.step()));
                    attributes.put("low", new JsonFloat(f.low()));
                    attributes.put("high", new JsonFloat(f.high()));
                    attributes.put("log", new JsonBool(f.log()));
                }
                case DISCRETE_UNIFORM -> {
                    attributes.put("low", new JsonFloat(f.low()));
                    attributes.put("high", new JsonFloat(f.high()));
                    attributes.put("q", new JsonFloat(f.step()));
                }
                default -> {
                    attributes.put("low", new JsonFloat(f.low()));
                    attributes.put("high", new JsonFloat(f.high()));
                }
            }
        } else if (distribution instanceof IntDistribution i) {
            if (i.className().equals(IntDistribution.NAME)) {
                attributes.put("log", new JsonBool(i.log()));
            }
            attributes.put("step", JsonInt.of(i.step()));
            attributes.put("low", JsonInt.of(i.low()));
            attributes.put("high", JsonInt.of(i.high()));
        } else {
            attributes.put("choices", new JsonArray(((CategoricalDistribution) distribution).choices()));
        }
        Map<String, JsonValue> root = new LinkedHashMap<>();
        root.put("name", new JsonString(distribution.className()));
        root.put("attributes", new JsonObject(attributes));
        return JsonWriter.write(new JsonObject(root));
    }

    private static JsonObject asObject(JsonValue value, String what) {
        if (value instanceof JsonObject o) {
            return o;
        }
        throw new InvalidDistributionException(what + " must be a JSON object");
    }

    private static void allowOnly(String className, JsonObject attributes, String... names) {
        Set<String> allowed = Set.of(names);
        for (String key : attributes.members().keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidDistributionException(className + " has no attribute \"" + key + "\"");
            }
        }
    }

    private static String string(JsonObject o, String key) {
        if (o.members().get(key) instanceof JsonString s) {
            return s.value();
        }
        throw new InvalidDistributionException("\"" + key + "\" must be a string");
    }

    private static JsonValue required(JsonObject o, String key) {
        JsonValue v = o.members().get(key);
        if (v == null) {
            throw new InvalidDistributionException("missing attribute \"" + key + "\"");
        }
        return v;
    }

    private static double real(JsonObject o, String key) {
        JsonValue v = required(o, key);
        if (v instanceof JsonFloat f) {
            return f.value();
        }
        if (v instanceof JsonInt i) {
            return i.value().doubleValue();
        }
        throw new InvalidDistributionException("attribute \"" + key + "\" must be a number");
    }

    private static Double optionalReal(JsonObject o, String key) {
        JsonValue v = o.members().get(key);
        return v == null || v == JsonNull.NULL ? null : real(o, key);
    }

    /** Python's {@code int(x)}: floats truncate toward zero; NaN and infinities are refused. */
    private static long integer(JsonObject o, String key) {
        JsonValue v = required(o, key);
        BigInteger value;
        if (v instanceof JsonInt i) {
            value = i.value();
        } else if (v instanceof JsonFloat f && Double.isFinite(f.value())) {
            value = new BigDecimal(f.value()).toBigInteger();
        } else {
            throw new InvalidDistributionException("attribute \"" + key + "\" must be a finite number");
        }
        if (value.bitLength() > 63) {
            throw new InvalidDistributionException("attribute \"" + key + "\" is out of the 64-bit range");
        }
        return value.longValue();
    }

    private static boolean bool(JsonObject o, String key, boolean absent) {
        JsonValue v = o.members().get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof JsonBool b) {
            return b.value();
        }
        throw new InvalidDistributionException("attribute \"" + key + "\" must be true or false");
    }

    private static java.util.List<JsonValue> choices(JsonObject o) {
        if (required(o, "choices") instanceof JsonArray a) {
            return a.elements();
        }
        throw new InvalidDistributionException("attribute \"choices\" must be a list");
    }
}
