package io.branchwise.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON Schemas (draft 2020-12) of the trial contract where it crosses to other languages: the trial spec a
 * trainer is handed, the reports it sends while training and the result it ends with. Served at
 * {@code GET /api/schemas/{name}.schema.json}; whatever an external trainer sends is checked against them before it
 * is read.
 */
public enum ContractSchema {
    TRIAL_SPEC("trial-spec"),
    TRAINER_REPORT("trainer-report"),
    TRIAL_RESULT("trial-result");

    /** Where a value breaks its schema: a JSON path ({@code $.values.t1}) and what is wrong there. */
    public record Violation(String path, String problem) {
    }

    private final String name;
    private volatile String text;
    private volatile Validator validator;

    ContractSchema(String name) {
        this.name = name;
    }

    /** The schema's file name, as served. */
    public String fileName() {
        return name + ".schema.json";
    }

    public static Optional<ContractSchema> byFileName(String fileName) {
        for (ContractSchema s : values()) {
            if (s.fileName().equals(fileName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The schema document, read once from the build. */
    public String text() {
        String t = text;
        if (t == null) {
            t = read();
            text = t;
        }
        return t;
    }

    private String read() {
        try (InputStream in = ContractSchema.class.getResourceAsStream("schemas/" + fileName())) {
            if (in == null) {
                throw new IllegalStateException("schema " + fileName() + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The most precise violation (the deepest place in the value, the innermost rule there) of a value read with
     * {@link PlainJson#read} or from YAML; empty when the value conforms.
     */
    public Optional<Violation> violation(Object value) {
        OutputUnit out = validator().validate(vertxValue(value));
        if (Boolean.TRUE.equals(out.getValid())) {
            return Optional.empty();
        }
        List<OutputUnit> errors = out.getErrors() == null || out.getErrors().isEmpty() ? List.of(out) : out.getErrors();
        OutputUnit first = errors.stream()
                .max(Comparator.<OutputUnit>comparingInt(e -> location(e).length())
                        .thenComparingInt(e -> e.getKeywordLocation() == null ? 0 : e.getKeywordLocation().length()))
                .orElseThrow();
        return Optional.of(new Violation(location(first), first.getError()));
    }

    private Validator validator() {
        Validator v = validator;
        if (v == null) {
            v = Validator.create(JsonSchema.of(new JsonObject(text())), new JsonSchemaOptions()
                    .setDraft(Draft.DRAFT202012).setBaseUri("https://branchwise.dev/schemas/")
                    .setOutputFormat(OutputFormat.Basic));
            validator = v;
        }
        return v;
    }

    /** A JSON pointer ({@code /values/t1}, {@code /matrix/1/0}) as the JSON path our other messages use. */
    private static String location(OutputUnit unit) {
        String pointer = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
        StringBuilder path = new StringBuilder("$");
        for (String token : pointer.split("/")) {
            if (token.isEmpty() || token.equals("#")) {
                continue;
            }
            String name = token.replace("~1", "/").replace("~0", "~");
            path.append(name.chars().allMatch(Character::isDigit) ? "[" + name + "]" : "." + name);
        }
        return path.toString();
    }

    private static Object vertxValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, x) -> o.put(String.valueOf(k), vertxValue(x)));
            return o;
        }
        if (v instanceof List<?> l) {
            JsonArray a = new JsonArray();
            l.forEach(x -> a.add(vertxValue(x)));
            return a;
        }
        return v;
    }
}
