package io.branchwise.builtin.task.metric;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LogLossTest {
    @Test
    void categoricalTakesTheTrueClassProbability() {
        float[] p = {0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f};
        double expected = -(Math.log(0.7) + Math.log(0.3)) / 2;
        assertThat(LogLoss.categorical(p, new int[]{0, 1}, 3)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void binaryUsesBothSides() {
        double expected = -(Math.log(0.9) + Math.log(1 - 0.2)) / 2;
        assertThat(LogLoss.binary(new float[]{0.9f, 0.2f}, new float[]{1, 0})).isCloseTo(expected, within(1e-6));
    }

    @Test
    void saturatedOutputsStayFinite() {
        assertThat(LogLoss.binary(new float[]{0f}, new float[]{1})).isCloseTo(-Math.log(LogLoss.EPSILON), within(1e-6));
        assertThat(LogLoss.categorical(new float[]{1f, 0f}, new int[]{1}, 2)).isCloseTo(-Math.log(LogLoss.EPSILON), within(1e-6));
    }

    @Test
    void refusesMismatchedShapes() {
        assertThatThrownBy(() -> LogLoss.categorical(new float[5], new int[]{0, 1}, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogLoss.binary(new float[2], new float[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
