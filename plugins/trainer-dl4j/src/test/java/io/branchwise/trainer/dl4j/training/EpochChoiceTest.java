package io.branchwise.trainer.dl4j.training;

import io.branchwise.plugin.task.TaskHead;
import io.branchwise.trainer.dl4j.bench.BuiltInHeads;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The epoch a training keeps: by the metric alone for one task, by Δm against the references for several. */
class EpochChoiceTest {
    private static final TaskHead RMSE = BuiltInHeads.regression("r", "y");
    private static final TaskHead ACCURACY = BuiltInHeads.binary("b", "z");

    private static Map<String, Map<String, Double>> values(double rmse, double accuracy) {
        return Map.of("r", Map.of("rmse", rmse), "b", Map.of("accuracy", accuracy));
    }

    @Test
    void oneTaskKeepsTheEpochWithItsBestMetricAndTiesKeepTheEarlierOne() {
        EpochChoice c = new EpochChoice(List.of(RMSE), Map.of(), 0);
        assertThat(c.offer(1, Map.of("r", Map.of("rmse", 0.9)))).isTrue();
        assertThat(c.offer(2, Map.of("r", Map.of("rmse", 0.5)))).isTrue();
        assertThat(c.offer(3, Map.of("r", Map.of("rmse", 0.5)))).isFalse();
        assertThat(c.offer(4, Map.of("r", Map.of("rmse", 0.7)))).isFalse();
        assertThat(c.bestEpoch()).isEqualTo(2);
    }

    @Test
    void severalTasksAreWeighedByDeltaMAgainstTheirReferences() {
        // References rmse 1.0 and accuracy 0.5: epoch 1 has Δ = (+10%, −10%), mean 0; epoch 2 (−20%, +40%), mean +10%.
        EpochChoice c = new EpochChoice(List.of(RMSE, ACCURACY), Map.of("r", 1.0, "b", 0.5), 0);
        assertThat(c.score(values(0.9, 0.45))).isCloseTo(0.0, within(1e-12));
        assertThat(c.score(values(1.2, 0.7))).isCloseTo(0.10, within(1e-12));
        c.offer(1, values(0.9, 0.45));
        c.offer(2, values(1.2, 0.7));
        assertThat(c.bestEpoch()).isEqualTo(2);
    }

    @Test
    void withoutReferencesEachTaskIsMeasuredAgainstItsFirstEpoch() {
        EpochChoice c = new EpochChoice(List.of(RMSE, ACCURACY), Map.of(), 0);
        c.offer(1, values(1.0, 0.5));
        // (−10% rmse is +10%) + (accuracy −2%) → +4% mean: better than epoch 1's 0.
        assertThat(c.offer(2, values(0.9, 0.49))).isTrue();
        assertThat(c.offer(3, values(1.1, 0.52))).isFalse();
    }

    @Test
    void aNonFiniteMetricScoresWorst() {
        EpochChoice c = new EpochChoice(List.of(RMSE, ACCURACY), Map.of("r", 1.0, "b", 0.5), 0);
        c.offer(1, values(5.0, 0.1));
        assertThat(c.offer(2, values(Double.NaN, 0.9))).isFalse();
        assertThat(c.bestEpoch()).isEqualTo(1);
    }

    @Test
    void patienceCountsEpochsSinceTheBestAndZeroNeverStops() {
        EpochChoice patient = new EpochChoice(List.of(RMSE), Map.of(), 2);
        EpochChoice endless = new EpochChoice(List.of(RMSE), Map.of(), 0);
        double[] curve = {0.9, 0.5, 0.6, 0.7, 0.8};
        for (int e = 1; e <= curve.length; e++) {
            patient.offer(e, Map.of("r", Map.of("rmse", curve[e - 1])));
            endless.offer(e, Map.of("r", Map.of("rmse", curve[e - 1])));
            assertThat(patient.patienceSpent(e)).as("epoch " + e).isEqualTo(e >= 4);
            assertThat(endless.patienceSpent(e)).isFalse();
        }
    }
}
