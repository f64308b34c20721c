package io.branchwise.trainer.dl4j.affinity;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.trainer.TrainingOptions;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AffinityScheduleTest {
    private static long[] measuredSteps(AffinitySchedule s, long steps) {
        return LongStream.range(0, steps).filter(s::measuresAt).toArray();
    }

    private static TrainingOptions every(int k, Map<String, Object> extra) {
        return new TrainingOptions(5, 256, 1e-3, TrainingOptions.Optimizer.ADAM, "relu", 0.0, false, k, 1,
                Options.of("training.extra", extra));
    }

    @Test
    void measuresEveryKStepsFromTheEndOfTheWarmUp() {
        assertThat(measuredSteps(new AffinitySchedule(10, 25), 60)).containsExactly(25, 35, 45, 55);
        assertThat(measuredSteps(new AffinitySchedule(3, 0), 10)).containsExactly(0, 3, 6, 9);
        assertThat(measuredSteps(new AffinitySchedule(0, 0), 10)).isEmpty();
    }

    @Test
    void theDefaultWarmUpIsAFifthOfThePlannedSteps() {
        AffinitySchedule s = AffinitySchedule.of(every(10, Map.of()), 395);
        assertThat(s.warmupSteps()).isEqualTo(79);
        assertThat(measuredSteps(s, 395)).startsWith(79, 89).endsWith(389).hasSize(32);
    }

    @Test
    void theWarmUpCanBeChangedOrSwitchedOffThroughTrainingExtra() {
        assertThat(AffinitySchedule.of(every(10, Map.of("affinity_warmup", 0.0)), 395).warmupSteps()).isZero();
        assertThat(AffinitySchedule.of(every(10, Map.of("affinity_warmup", 0.5)), 395).warmupSteps()).isEqualTo(197);
        assertThatThrownBy(() -> AffinitySchedule.of(every(10, Map.of("affinity_warmup", 1.0)), 395))
                .isInstanceOfSatisfying(SpecException.class,
                        e -> assertThat(e.path()).isEqualTo("training.extra.affinity_warmup"));
    }

    @Test
    void aRunThatFinishesMeasuresAtLeastOnceWhateverTheWarmUp() {
        AffinitySchedule s = AffinitySchedule.of(every(50, Map.of("affinity_warmup", 0.99)), 7);
        assertThat(measuredSteps(s, 7)).containsExactly(6);
    }
}
