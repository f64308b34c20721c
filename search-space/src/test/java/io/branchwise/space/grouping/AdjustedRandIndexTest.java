package io.branchwise.space.grouping;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AdjustedRandIndexTest {

    @Test
    void identicalPartitionsScoreOneWhateverTheLabels() {
        assertThat(AdjustedRandIndex.of(new int[]{0, 0, 1, 1, 2}, new int[]{5, 5, 9, 9, 1})).isEqualTo(1.0);
        assertThat(AdjustedRandIndex.of(new int[]{0, 0, 0}, new int[]{3, 3, 3})).isEqualTo(1.0);
        assertThat(AdjustedRandIndex.of(new int[]{0, 1, 2}, new int[]{2, 1, 0})).isEqualTo(1.0);
        assertThat(AdjustedRandIndex.of(new int[]{4}, new int[]{7})).isEqualTo(1.0);
    }

    @Test
    void handComputedCases() {
        // a = {0,1}{2,3}, b = {0,1}{2}{3}: pair index 1, row pairs 2, column pairs 1, 6 pairs in all.
        // expected = 2·1/6 = 1/3, max = 3/2 → (1 − 1/3) / (3/2 − 1/3) = 4/7
        assertThat(AdjustedRandIndex.of(new int[]{0, 0, 1, 1}, new int[]{0, 0, 1, 2})).isCloseTo(4.0 / 7, within(1e-12));
        // a = {0,1,2}{3,4,5}, b = {0,1}{2,3}{4,5}: index 2, rows 6, columns 3, 15 pairs → (2 − 1.2)/(4.5 − 1.2) = 8/33
        assertThat(AdjustedRandIndex.of(new int[]{0, 0, 0, 1, 1, 1}, new int[]{0, 0, 1, 1, 2, 2})).isCloseTo(8.0 / 33, within(1e-12));
        // All together vs all apart: no agreement beyond chance.
        assertThat(AdjustedRandIndex.of(new int[]{0, 0, 0, 0}, new int[]{0, 1, 2, 3})).isEqualTo(0.0);
    }

    @Test
    void worseThanChanceIsNegative() {
        // a = {0,1}{2,3}, b = {0,2}{1,3}: no pair agrees; expected 2·2/6 = 2/3, max 2 → −(2/3)/(4/3) = −1/2
        assertThat(AdjustedRandIndex.of(new int[]{0, 0, 1, 1}, new int[]{0, 1, 0, 1})).isCloseTo(-0.5, within(1e-12));
    }

    @Test
    void symmetricAndLengthChecked() {
        int[] a = {0, 1, 1, 2, 2, 2, 0};
        int[] b = {1, 1, 0, 0, 2, 2, 2};
        assertThat(AdjustedRandIndex.of(a, b)).isEqualTo(AdjustedRandIndex.of(b, a));
        assertThatThrownBy(() -> AdjustedRandIndex.of(new int[]{0}, new int[]{0, 1})).hasMessageContaining("1 and 2 items");
        assertThat(AdjustedRandIndex.of(new int[0], new int[0])).isEqualTo(1.0);
    }
}
