package io.branchwise.search;

import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.TrivialScores;
import io.branchwise.space.layout.Block;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A task whose baseline failed weighs nothing in Δm, but keeps its own Δ. */
class ScoringTest {
    private static BoundTask task(String name) {
        return new BoundTask(TaskDefinition.of(name, "regression", name), "rmse", false, 1, 3,
                new TrivialScores(Map.of("rmse", 1.0), Map.of("rmse", 1.0)));
    }

    private static Baseline baseline(String task, double rmse) {
        return new Baseline(task, "rmse", false, Map.of("rmse", rmse), Map.of("rmse", rmse),
                new TreeMap<>(Map.of(1L, rmse)), new BaselineDesign.Config(Block.of(1, 8), 0.01), 1, 1, Double.NaN);
    }

    private static Map<String, Map<String, Double>> metrics(double a, double b) {
        return Map.of("a", Map.of("rmse", a), "b", Map.of("rmse", b));
    }

    @Test
    void anExcludedTaskKeepsItsDeltaButLeavesDeltaM() {
        List<BoundTask> tasks = List.of(task("a"), task("b"));
        Map<String, Baseline> baselines = Map.of("a", baseline("a", 0.5), "b", baseline("b", 1.2));
        Comparison both = new Scoring(tasks, baselines).compare("l", metrics(0.45, 0.6), metrics(0.45, 0.6));
        assertThat(both.deltaM()).isCloseTo((10.0 + 50.0) / 2, within(1e-9));

        Scoring scoring = new Scoring(tasks, baselines, Set.of("b"));
        Comparison onlyA = scoring.compare("l", metrics(0.45, 0.6), metrics(0.45, 0.6));
        assertThat(onlyA.deltaM()).isCloseTo(10.0, within(1e-9));
        assertThat(onlyA.rows().get(1).deltaPercent()).as("b's own Δ is still reported").isCloseTo(50.0, within(1e-9));
        assertThat(scoring.atEpoch(1, List.of(0.45, 0.6)).orElseThrow()).isCloseTo(10.0, within(1e-9));
        assertThat(scoring.excluded()).containsExactly("b");
    }

    @Test
    void whenEveryBaselineFailedThereIsNothingToMeasureAgainst() {
        List<BoundTask> tasks = List.of(task("a"), task("b"));
        Scoring scoring = new Scoring(tasks, Map.of("a", baseline("a", 1.3), "b", baseline("b", 1.2)), Set.of("a", "b"));
        assertThatThrownBy(scoring::requireUsableBaselines).hasMessageContaining("no task's single-task baseline beats");
    }
}
