package io.branchwise.space.study;

import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.distribution.IncompatibleDistributionException;
import io.branchwise.space.sampler.RandomSampler;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryStudyTest {

    @Test
    void askTellRecordsParametersValuesAndDenseNumbers() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(1));
        study.optimize(t -> {
            double x = t.suggestFloat("x", -1, 1);
            long n = t.suggestInt("n", 1, 4);
            return x * x + n;
        }, 20);

        assertThat(study.trials()).extracting(FrozenTrial::number).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 20).boxed().toList());
        for (FrozenTrial t : study.trials()) {
            assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
            double x = t.params().get("x");
            assertThat(t.value()).isEqualTo(x * x + t.params().get("n"));
        }
        double min = study.trials().stream().mapToDouble(FrozenTrial::value).min().orElseThrow();
        assertThat(study.bestTrial().value()).isEqualTo(min);
    }

    @Test
    void askingTheSameParameterTwiceReturnsTheFirstDrawAndChecksCompatibility() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(2));
        Trial trial = study.ask();
        double first = trial.suggestFloat("x", 0, 1);
        assertThat(trial.suggestFloat("x", 0, 2)).isEqualTo(first);
        assertThatThrownBy(() -> trial.suggestFloat("x", 1e-3, 1, true))
                .isInstanceOf(IncompatibleDistributionException.class);
    }

    @Test
    void singlePointRangesAndOneChoiceCategoricalsNeedNoSampler() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, (s, t, name, d) -> {
            throw new AssertionError("sampler asked for " + name);
        });
        Trial trial = study.ask();
        assertThat(trial.suggestFloat("x", 2.5, 2.5)).isEqualTo(2.5);
        assertThat(trial.suggestInt("n", 7, 7)).isEqualTo(7);
        assertThat(trial.suggestCategorical("c", "only")).isEqualTo("only");
    }

    @Test
    void prunedTrialsKeepTheirLastIntermediateValue() {
        InMemoryStudy study = new InMemoryStudy(List.of(StudyDirection.MINIMIZE), new RandomSampler(3),
                (s, t) -> t.lastStep() >= 2);
        study.optimize(t -> {
            for (int step = 0; step < 5; step++) {
                t.report(10.0 - step, step);
                if (t.shouldPrune()) {
                    throw new InMemoryStudy.TrialPruned("step " + step);
                }
            }
            return 0.0;
        }, 3);
        assertThat(study.trials()).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TrialState.PRUNED);
            assertThat(t.values()).containsExactly(8.0);
            assertThat(t.intermediateValues()).containsOnlyKeys(0L, 1L, 2L);
        });
        assertThatThrownBy(study::bestTrial).hasMessageContaining("no trial is complete");
    }

    @Test
    void tellRefusesWrongValueCountsAndSecondTells() {
        InMemoryStudy study = new InMemoryStudy(
                List.of(StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE), new RandomSampler(4), null);
        Trial trial = study.ask();
        assertThatThrownBy(() -> study.tell(trial, 1.0)).hasMessageContaining("needs 2 values");
        study.tell(trial, 1.0, 2.0);
        assertThatThrownBy(() -> study.tell(trial, 1.0, 2.0)).hasMessageContaining("already COMPLETE");
        assertThatThrownBy(study::bestTrial).hasMessageContaining("multi-objective");
        assertThatThrownBy(() -> trial.report(1.0, 0)).hasMessageContaining("finished");
    }

    @Test
    void frozenTrialsAreImmutableAndDescribeFeasibility() {
        FrozenTrial t = FrozenTrial.builder(0).state(TrialState.COMPLETE).values(1.0)
                .param("x", 0.5, new FloatDistribution(0, 1, false, null))
                .constraints(List.of(-1.0, 0.5)).build();
        assertThatThrownBy(() -> t.params().put("y", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(t.isFeasible()).isFalse();
        assertThat(t.constraintViolation()).isEqualTo(0.5);
        assertThat(t.toBuilder().constraints(List.of(Double.NaN)).build().isFeasible()).isFalse();
        assertThat(t.toBuilder().constraints(List.of()).build().isFeasible()).isTrue();
        assertThatThrownBy(() -> new FrozenTrial(0, TrialState.COMPLETE, List.of(), java.util.Map.of("x", 1.0),
                java.util.Map.of(), new java.util.TreeMap<>(), new java.util.TreeMap<>(), List.of(),
                java.util.Map.of(), java.util.Map.of())).hasMessageContaining("same parameters");
    }
}
