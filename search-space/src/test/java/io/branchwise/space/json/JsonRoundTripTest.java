package io.branchwise.space.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRoundTripTest {

    /** Expected texts are what CPython 3.11 prints for repr(float(x)). */
    @ParameterizedTest
    @CsvSource({
            "0.1, 0.1", "1e-05, 1e-05", "0.0001, 0.0001", "1e16, 1e+16", "1e15, 1000000000000000.0",
            "1234567890123456.0, 1234567890123456.0", "12345678901234567.0, 1.2345678901234568e+16",
            "1.7976931348623157e308, 1.7976931348623157e+308", "5e-324, 5e-324", "-2.5, -2.5", "100, 100.0",
            "1e22, 1e+22", "1.23456e-8, 1.23456e-08", "-0.0, -0.0"})
    void floatsAreWrittenAsPythonRepr(double value, String python) {
        assertThat(JsonWriter.pythonFloat(value)).isEqualTo(python);
    }

    @Test
    void writesLikePythonJsonDumps() {
        String python = "{\"a\": [NaN, Infinity, -Infinity, \"\\u00fcn\\u00ef \\u2713\\u007f\\\"\", null, true, 3, 3.0]}";
        JsonValue parsed = JsonParser.parse(python);
        assertThat(JsonWriter.write(parsed)).isEqualTo(python);
        JsonValue.JsonArray a = (JsonValue.JsonArray) ((JsonValue.JsonObject) parsed).members().get("a");
        assertThat(a.elements().get(3)).isEqualTo(new JsonValue.JsonString("ünï ✓\u007f\""));
        assertThat(a.elements().get(6)).isEqualTo(JsonValue.JsonInt.of(3));
        assertThat(a.elements().get(7)).isEqualTo(new JsonValue.JsonFloat(3.0));
    }

    @Test
    void keepsBigIntegersExact() {
        JsonValue v = JsonParser.parse("123456789012345678901234567890");
        assertThat(v).isEqualTo(new JsonValue.JsonInt(new BigInteger("123456789012345678901234567890")));
    }

    @Test
    void lastDuplicateKeyWinsAsInPython() {
        JsonValue v = JsonParser.parse("{\"k\": 1, \"k\": 2}");
        assertThat(((JsonValue.JsonObject) v).members()).containsExactly(java.util.Map.entry("k", JsonValue.JsonInt.of(2)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{", "[1,]", "{\"a\" 1}", "01", "1.", "1e", "-", "nan", "'x'", "\"\\x\"",
            "\"unterminated", "[1] 2", "tru", "{a: 1}", "\"tab\there\""})
    void refusesWhatPythonRefuses(String text) {
        assertThatThrownBy(() -> JsonParser.parse(text)).isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("at offset");
    }

    @Test
    void refusesHostileNesting() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> JsonParser.parse(deep)).isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("nesting deeper");
    }

    @Test
    void pythonEqualityCrossesNumericTypes() {
        JsonValue one = JsonValue.JsonInt.of(1);
        assertThat(JsonValue.pythonEquals(one, new JsonValue.JsonFloat(1.0))).isTrue();
        assertThat(JsonValue.pythonEquals(one, new JsonValue.JsonBool(true))).isTrue();
        assertThat(JsonValue.pythonEquals(one, new JsonValue.JsonFloat(1.5))).isFalse();
        assertThat(JsonValue.pythonEquals(one, new JsonValue.JsonString("1"))).isFalse();
        assertThat(JsonValue.pythonEquals(new JsonValue.JsonFloat(Double.NaN), new JsonValue.JsonFloat(Double.NaN))).isTrue();
        assertThat(JsonValue.pythonEquals(new JsonValue.JsonFloat(0.0), new JsonValue.JsonFloat(-0.0))).isTrue();
        assertThat(JsonValue.pythonEquals(new JsonValue.JsonArray(List.of(one)),
                new JsonValue.JsonArray(List.of(new JsonValue.JsonFloat(1.0))))).isTrue();
        assertThat(JsonValue.pythonEquals(JsonValue.JsonNull.NULL, new JsonValue.JsonBool(false))).isFalse();
    }
}
