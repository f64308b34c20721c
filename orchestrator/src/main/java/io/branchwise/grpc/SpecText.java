package io.branchwise.grpc;

import io.branchwise.json.PlainJson;
import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.proto.search.SpecFormat;
import io.branchwise.space.json.JsonSyntaxException;
import io.branchwise.trial.TrialSpecReader;

import java.util.Map;

/** A search spec sent as text, read into the plain maps {@link io.branchwise.search.spec.SearchSpecReader} takes. */
final class SpecText {
    private SpecText() {
    }

    /**
     * @throws SpecException with the empty path when the text is not a spec document at all (bad syntax, not a
     *                       mapping); its fields are checked later, each problem with its own path
     */
    static Map<String, Object> read(String text, SpecFormat format) {
        if (text.isBlank()) {
            throw new SpecException("", "the spec is empty");
        }
        if (format != SpecFormat.SPEC_FORMAT_JSON) {
            return TrialSpecReader.parseYaml(text, "the spec");
        }
        Object value;
        try {
            value = PlainJson.read(text);
        } catch (JsonSyntaxException e) {
            throw new SpecException("", "the spec is not valid JSON: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?> map)) {
            String json = PlainJson.write(value);
            throw new SpecException("", "the spec must be a JSON object, got "
                    + (json.length() > 40 ? json.substring(0, 37) + "..." : json));
        }
        return Options.element("", map).asMap();
    }
}
