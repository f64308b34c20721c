package io.branchwise.space.distribution;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistributionCompatibilityTest {

    private static Distribution categorical(String choices) {
        return DistributionJson.parse("{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": "
                + choices + "}}");
    }

    @Test
    void rangesAndStepsMayChange() {
        assertThatCode(() -> DistributionCompatibility.check(new FloatDistribution(0, 1, false, null),
                new FloatDistribution(-5, 5, false, 0.5))).doesNotThrowAnyException();
        assertThatCode(() -> DistributionCompatibility.check(new IntDistribution(0, 1, false, 1),
                new IntDistribution(3, 9, false, 3))).doesNotThrowAnyException();
    }

    @Test
    void kindAndLogAreFixed() {
        assertThatThrownBy(() -> DistributionCompatibility.check(new FloatDistribution(0, 1, false, null),
                new IntDistribution(0, 1, false, 1))).isInstanceOf(IncompatibleDistributionException.class)
                .hasMessageContaining("different distribution kind");
        assertThatThrownBy(() -> DistributionCompatibility.check(new FloatDistribution(1, 2, false, null),
                new FloatDistribution(1, 2, true, null))).hasMessageContaining("different log configuration");
        assertThatThrownBy(() -> DistributionCompatibility.check(new FloatDistribution(1, 2, false, null),
                new FloatDistribution("UniformDistribution", 1, 2, false, null)))
                .hasMessageContaining("different distribution kind");
    }

    @Test
    void choicesCompareByPythonEquality() {
        assertThatCode(() -> DistributionCompatibility.check(categorical("[1, \"a\", NaN]"),
                categorical("[1.0, \"a\", NaN]"))).doesNotThrowAnyException();
        assertThatCode(() -> DistributionCompatibility.check(categorical("[true]"), categorical("[1]")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> DistributionCompatibility.check(categorical("[\"a\", \"b\"]"),
                categorical("[\"b\", \"a\"]"))).hasMessageContaining("dynamic value space");
        assertThatThrownBy(() -> DistributionCompatibility.check(categorical("[\"a\"]"),
                categorical("[\"a\", \"b\"]"))).hasMessageContaining("dynamic value space");
    }
}
