package io.branchwise.space.distribution;

import io.branchwise.space.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistributionJsonTest {

    /** Each line is what Optuna's distribution_to_json printed; writing our parse must give the same bytes. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 0.0, \"high\": 1.0, \"log\": false}}",
            "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 1e-05, \"high\": 0.1, \"log\": true}}",
            "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": 0.25, \"low\": 0.0, \"high\": 1.0, \"log\": false}}",
            "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": false, \"step\": 1, \"low\": 1, \"high\": 8}}",
            "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": true, \"step\": 1, \"low\": 2, \"high\": 64}}",
            "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [\"sgd\", \"adam\", null, 1.5, true]}}",
            "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [NaN, Infinity, -Infinity]}}",
            "{\"name\": \"UniformDistribution\", \"attributes\": {\"low\": -1.0, \"high\": 1.0}}",
            "{\"name\": \"LogUniformDistribution\", \"attributes\": {\"low\": 0.001, \"high\": 1.0}}",
            "{\"name\": \"DiscreteUniformDistribution\", \"attributes\": {\"low\": 0.0, \"high\": 1.0, \"q\": 0.1}}",
            "{\"name\": \"IntUniformDistribution\", \"attributes\": {\"step\": 2, \"low\": 0, \"high\": 10}}",
            "{\"name\": \"IntLogUniformDistribution\", \"attributes\": {\"step\": 1, \"low\": 1, \"high\": 1024}}"})
    void writesBackWhatOptunaWrote(String optuna) {
        assertThat(DistributionJson.write(DistributionJson.parse(optuna))).isEqualTo(optuna);
    }

    @Test
    void legacyNamesKeepTheirKindButMeanTheModernRange() {
        Distribution d = DistributionJson.parse(
                "{\"name\": \"LogUniformDistribution\", \"attributes\": {\"low\": 0.001, \"high\": 1.0}}");
        assertThat(d).isEqualTo(new FloatDistribution("LogUniformDistribution", 0.001, 1.0, true, null));
        assertThat(d.className()).isNotEqualTo(FloatDistribution.NAME);
    }

    @Test
    void readsTheAbbreviatedForm() {
        assertThat(DistributionJson.parse("{\"type\": \"int\", \"low\": 1, \"high\": 9, \"step\": 2}"))
                .isEqualTo(new IntDistribution(1, 9, false, 2));
        assertThat(DistributionJson.parse("{\"type\": \"float\", \"low\": 1, \"high\": 2, \"log\": true}"))
                .isEqualTo(new FloatDistribution(1.0, 2.0, true, null));
        assertThat(DistributionJson.parse("{\"type\": \"categorical\", \"choices\": [1, \"a\"]}"))
                .isEqualTo(new CategoricalDistribution(List.of(JsonValue.JsonInt.of(1), new JsonValue.JsonString("a"))));
    }

    @Test
    void acceptsNonFiniteBoundsAsOptunaDoes() {
        String json = "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": NaN, \"high\": Infinity, \"log\": false}}";
        assertThat(DistributionJson.write(DistributionJson.parse(json))).isEqualTo(json);
        assertThat(DistributionJson.parse("{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null,"
                + " \"low\": -1.7976931348623157e+308, \"high\": 1.7976931348623157e+308, \"log\": false}}").isSingle()).isFalse();
    }

    @Test
    void trimsHighToTheLastStepAsOptunaDoes() {
        assertThat(new FloatDistribution(0.0, 1.0, false, 0.3).high()).isEqualTo(0.9);
        assertThat(new IntDistribution(0, 10, false, 3).high()).isEqualTo(9);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json", "[]", "{}", "{\"name\": \"NormalDistribution\", \"attributes\": {}}",
            "{\"name\": \"FloatDistribution\"}",
            "{\"name\": \"FloatDistribution\", \"attributes\": {\"low\": 1.0, \"high\": 0.0}}",
            "{\"name\": \"FloatDistribution\", \"attributes\": {\"low\": 0.0, \"high\": 1.0, \"log\": true}}",
            "{\"name\": \"FloatDistribution\", \"attributes\": {\"low\": 0.1, \"high\": 1.0, \"log\": true, \"step\": 0.1}}",
            "{\"name\": \"FloatDistribution\", \"attributes\": {\"low\": 0.0, \"high\": 1.0, \"step\": -1}}",
            "{\"name\": \"FloatDistribution\", \"attributes\": {\"low\": \"0\", \"high\": 1.0}}",
            "{\"name\": \"FloatDistribution\", \"attributes\": {\"low\": 0.0, \"high\": 1.0, \"colour\": 1}}",
            "{\"name\": \"IntDistribution\", \"attributes\": {\"low\": 0, \"high\": 8, \"log\": true}}",
            "{\"name\": \"IntDistribution\", \"attributes\": {\"low\": NaN, \"high\": 8}}",
            "{\"name\": \"IntDistribution\", \"attributes\": {\"low\": 1, \"high\": 1e300}}",
            "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": []}}",
            "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": 3}}",
            "{\"type\": \"normal\", \"low\": 0, \"high\": 1}"})
    void refusesWithAReason(String json) {
        assertThatThrownBy(() -> DistributionJson.parse(json)).isInstanceOf(InvalidDistributionException.class)
                .hasMessageMatching(".*\\w+.*");
    }

    @Test
    void internalRepresentationFollowsOptuna() {
        CategoricalDistribution c = (CategoricalDistribution) DistributionJson.parse(
                "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [\"a\", \"b\", NaN]}}");
        assertThat(c.toInternal(new JsonValue.JsonString("b"))).isEqualTo(1.0);
        assertThat(c.toInternal(new JsonValue.JsonFloat(Double.NaN))).isEqualTo(2.0);
        assertThat(c.toExternal(0.0)).isEqualTo(new JsonValue.JsonString("a"));
        assertThat(c.contains(3.0)).isFalse();
        IntDistribution i = new IntDistribution(0, 10, false, 2);
        assertThat(i.contains(4.0)).isTrue();
        assertThat(i.contains(5.0)).isFalse();
        assertThat(i.toExternal(4.0)).isEqualTo(4L);
        FloatDistribution f = new FloatDistribution(0.0, 1.0, false, 0.1);
        assertThat(f.contains(0.30000000000000004)).isTrue();
        assertThat(f.contains(0.35)).isFalse();
        assertThat(new FloatDistribution(0.0, 0.05, false, 0.1).isSingle()).isTrue();
        assertThat(new IntDistribution(1, 1, true, 1).isSingle()).isTrue();
        assertThat(f.isSingle()).isFalse();
    }
}
