package io.branchwise.builtin.task.metric;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RegressionScoresTest {
    @Test
    void singleOutput() {
        // Errors 0, 0, 2 against truths 1, 2, 3 (mean 2): SSE 4, SAE 2, SST 1 + 0 + 1 = 2.
        RegressionScores s = RegressionScores.of(new float[]{1, 2, 5}, new float[]{1, 2, 3}, 1);
        assertThat(s.rmse()).isCloseTo(Math.sqrt(4.0 / 3), within(1e-12));
        assertThat(s.mae()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.r2()).isCloseTo(1 - 4.0 / 2, within(1e-12));
    }

    @Test
    void outputsAreScoredSeparatelyThenAveraged() {
        // Output 0 as in singleOutput; output 1 is predicted exactly (truths 10, 20, 60: SSE 0 → R² 1).
        float[] predictions = {1, 10, 2, 20, 5, 60};
        float[] truths = {1, 10, 2, 20, 3, 60};
        RegressionScores s = RegressionScores.of(predictions, truths, 2);
        assertThat(s.rmse()).isCloseTo((Math.sqrt(4.0 / 3) + 0) / 2, within(1e-12));
        assertThat(s.mae()).isCloseTo((2.0 / 3 + 0) / 2, within(1e-12));
        assertThat(s.r2()).isCloseTo((-1 + 1) / 2.0, within(1e-12));
    }

    @Test
    void constantTruthGivesOneWhenExactAndZeroOtherwise() {
        assertThat(RegressionScores.of(new float[]{4, 4}, new float[]{4, 4}, 1).r2()).isEqualTo(1.0);
        assertThat(RegressionScores.of(new float[]{4, 5}, new float[]{4, 4}, 1).r2()).isEqualTo(0.0);
    }

    @Test
    void predictingTheMeanScoresZero() {
        assertThat(RegressionScores.of(new float[]{2, 2, 2}, new float[]{1, 2, 3}, 1).r2()).isCloseTo(0.0, within(1e-12));
    }
}
