package io.branchwise.builtin.task.metric;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RocAucTest {
    @Test
    void perfectAndReversedRankings() {
        float[] labels = {0, 0, 1, 1};
        assertThat(RocAuc.of(new float[]{0.1f, 0.2f, 0.8f, 0.9f}, labels)).isEqualTo(1.0);
        assertThat(RocAuc.of(new float[]{0.9f, 0.8f, 0.2f, 0.1f}, labels)).isEqualTo(0.0);
    }

    @Test
    void tiesBetweenClassesCountHalf() {
        // Positives score 0.35, 0.8, 0.4; negatives 0.1, 0.4. Over the 3·2 pairs (positive above negative = 1,
        // tie = ½): 0.35 beats 0.1 but not 0.4 (1 + 0); 0.8 beats both (1 + 1); 0.4 beats 0.1 and ties 0.4 (1 + ½).
        float[] scores = {0.1f, 0.4f, 0.35f, 0.8f, 0.4f};
        float[] labels = {0, 0, 1, 1, 1};
        double expected = (1 + 0 + 1 + 1 + 1 + 0.5) / 6;
        assertThat(RocAuc.of(scores, labels)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void allScoresEqualGiveOneHalf() {
        assertThat(RocAuc.of(new float[]{0.3f, 0.3f, 0.3f}, new float[]{1, 0, 1})).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void matchesPairCountingOnRandomDataWithTies() {
        Random random = new Random(7);
        int n = 300;
        float[] scores = new float[n];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = random.nextInt(20) / 20f; // coarse scores: many ties
            labels[i] = random.nextBoolean() ? 1 : 0;
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (labels[i] == 1 && labels[j] == 0) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(RocAuc.of(scores, labels)).isCloseTo(wins / pairs, within(1e-12));
    }

    @Test
    void oneClassOnlyIsUndefined() {
        assertThat(RocAuc.of(new float[]{0.2f, 0.7f}, new float[]{1, 1})).isNaN();
        assertThat(RocAuc.of(new float[]{0.2f, 0.7f}, new float[]{0, 0})).isNaN();
    }
}
