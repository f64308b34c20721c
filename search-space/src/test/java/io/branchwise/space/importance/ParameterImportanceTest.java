package io.branchwise.space.importance;

import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.sampler.RandomSampler;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.Trial;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ParameterImportanceTest {

    private static InMemoryStudy quadratic(long seed, StudyDirection direction, int n) {
        InMemoryStudy study = new InMemoryStudy(direction, new RandomSampler(seed));
        double sign = direction == StudyDirection.MINIMIZE ? 1 : -1;
        study.optimize(trial -> {
            double x = trial.suggestFloat("x", -1, 1);
            double y = trial.suggestFloat("y", -1, 1);
            trial.suggestFloat("z", -1, 1);
            return sign * (10 * x * x + 0.1 * y);
        }, n);
        return study;
    }

    private static String first(Map<String, Double> importance) {
        return importance.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static String last(Map<String, Double> importance) {
        return importance.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    @Test
    void xRanksFirstAndUnusedZLast() {
        // y's true divergence (~0.1) is only a few times the sampling noise of a KDE over the top 10 %, so it takes
        // a few thousand random trials before y reliably beats the unused z.
        for (long seed = 1; seed <= 3; seed++) {
            Map<String, Double> importance = ParameterImportance.of(quadratic(seed, StudyDirection.MINIMIZE, 3000));
            assertThat(importance).containsOnlyKeys("x", "y", "z");
            assertThat(first(importance)).as("seed %d: %s", seed, importance).isEqualTo("x");
            assertThat(last(importance)).as("seed %d: %s", seed, importance).isEqualTo("z");
            assertThat(importance.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
            assertThat(importance.values()).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0.0));
        }
    }

    @Test
    void maximisingTheNegatedObjectiveGivesTheSameImportances() {
        Map<String, Double> min = ParameterImportance.of(quadratic(9, StudyDirection.MINIMIZE, 200));
        Map<String, Double> max = ParameterImportance.of(quadratic(9, StudyDirection.MAXIMIZE, 200));
        assertThat(max.get("x")).isCloseTo(min.get("x"), within(1e-12));
        assertThat(max.get("z")).isCloseTo(min.get("z"), within(1e-12));
    }

    @Test
    void categoricalAndLogScaledParametersAreRanked() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(4));
        study.optimize(trial -> {
            String optimizer = trial.suggestCategorical("optimizer", "adam", "sgd", "rmsprop", "lion");
            double lr = trial.suggestFloat("lr", 1e-5, 1e-1, true);
            trial.suggestInt("unused_int", 1, 8);
            return (optimizer.equals("adam") ? 0 : 1) + 0.05 * Math.abs(Math.log10(lr) + 3);
        }, 300);
        Map<String, Double> importance = ParameterImportance.of(study);
        assertThat(first(importance)).as("%s", importance).isEqualTo("optimizer");
        assertThat(last(importance)).as("%s", importance).isEqualTo("unused_int");
    }

    @Test
    void conditionalAndFixedParametersAreLeftOut() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(2));
        study.optimize(trial -> {
            double x = trial.suggestFloat("x", 0, 1);
            trial.suggestFloat("fixed", 3, 3);
            if (x > 0.5) {
                trial.suggestFloat("only_sometimes", 0, 1);
            }
            return x;
        }, 50);
        assertThat(ParameterImportance.of(study)).containsOnlyKeys("x").containsEntry("x", 1.0);
    }

    @Test
    void noSignalGivesEqualShares() {
        // Every trial has the same value: the "top" set is an arbitrary pick, yet with constant x and y there is
        // nothing to tell apart, so every divergence is 0.
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(1));
        FloatDistribution d = new FloatDistribution(0, 1, false, null);
        for (int i = 0; i < 20; i++) {
            study.add(FrozenTrial.builder(i).state(TrialState.COMPLETE).values(1.0)
                    .param("x", 0.5, d).param("y", 0.5, d).build());
        }
        assertThat(ParameterImportance.of(study)).containsEntry("x", 0.5).containsEntry("y", 0.5);
    }

    @Test
    void emptyFailedAndNaNHistoriesGiveNoImportance() {
        InMemoryStudy empty = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(1));
        assertThat(ParameterImportance.of(empty)).isEmpty();

        InMemoryStudy failed = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(1));
        for (int i = 0; i < 5; i++) {
            Trial t = failed.ask();
            t.suggestFloat("x", 0, 1);
            failed.tell(t, TrialState.FAIL, List.of());
        }
        assertThat(ParameterImportance.of(failed)).isEmpty();

        InMemoryStudy nan = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(1));
        nan.optimize(trial -> trial.suggestFloat("x", 0, 1) * Double.NaN, 10);
        assertThat(ParameterImportance.of(nan)).isEmpty();
    }

    @Test
    void infiniteValuesRankAsWorstOrBest() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(6));
        study.optimize(trial -> {
            double x = trial.suggestFloat("x", 0, 1);
            trial.suggestFloat("z", 0, 1);
            return x > 0.8 ? Double.POSITIVE_INFINITY : x;
        }, 200);
        assertThat(first(ParameterImportance.of(study))).isEqualTo("x");
    }

    @Test
    void refusesMultiObjectiveStudiesAndBadQuantiles() {
        InMemoryStudy multi = new InMemoryStudy(List.of(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE), new RandomSampler(1), null);
        assertThatThrownBy(() -> ParameterImportance.of(multi)).hasMessageContaining("needs one objective");
        InMemoryStudy single = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(1));
        assertThatThrownBy(() -> ParameterImportance.of(single, 0.0)).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> ParameterImportance.of(single, 1.0)).hasMessageContaining("(0, 1)");
    }
}
