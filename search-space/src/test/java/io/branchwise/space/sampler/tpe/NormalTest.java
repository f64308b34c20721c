package io.branchwise.space.sampler.tpe;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class NormalTest {

    /** Reference values from Python's math.erfc: Q(x) = erfc(x/√2)/2. */
    @Test
    void upperTailMatchesErfcFromTheCentreIntoTheFarTail() {
        assertThat(Normal.upperTail(0)).isCloseTo(0.5, within(1e-15));
        assertThat(Normal.upperTail(0.3)).isCloseTo(0.3820885778110474, withinPercentage(1e-10));
        assertThat(Normal.upperTail(1)).isCloseTo(0.15865525393145707, withinPercentage(1e-10));
        assertThat(Normal.upperTail(2.2)).isCloseTo(0.01390344751349861, withinPercentage(1e-10));
        assertThat(Normal.upperTail(3)).isCloseTo(0.0013498980316300957, withinPercentage(1e-9));
        assertThat(Normal.upperTail(5.7)).isCloseTo(5.990371401063533e-09, withinPercentage(1e-9));
        assertThat(Normal.upperTail(10)).isCloseTo(7.619853024160593e-24, withinPercentage(1e-9));
        assertThat(Normal.upperTail(20)).isCloseTo(2.7536241186063314e-89, withinPercentage(1e-9));
        assertThat(Normal.upperTail(-1.5)).isCloseTo(0.9331927987311419, withinPercentage(1e-10));
        assertThat(Normal.upperTail(45)).isZero();
    }

    @Test
    void upperTailDecreasesSmoothlyAcrossGridPoints() {
        double previous = Normal.upperTail(-8);
        for (double x = -8; x <= 30; x += 0.0371) {
            double q = Normal.upperTail(x);
            assertThat(q).isLessThanOrEqualTo(previous);
            previous = q;
        }
    }

    @Test
    void narrowCellsAgreeWithTheExactDifferenceOfTails() {
        for (double c : new double[] {-3, -0.4, 0, 1.7, 6}) {
            double h = 0.009;
            double exact = Normal.upperTail(c - h) - Normal.upperTail(c + h);
            assertThat(Normal.cellMass(c, h)).isCloseTo(exact, withinPercentage(1e-5));
        }
        assertThat(Normal.mass(-1, 1)).isCloseTo(1 - 2 * 0.15865525393145707, within(1e-14));
    }

    @Test
    void truncatedDrawsStayInsideTheirBounds() {
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            double x = Normal.sampleTruncated(random, 0.9, 5.0, 0.0, 1.0);
            assertThat(x).isBetween(0.0, 1.0);
        }
    }
}
