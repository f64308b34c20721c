package io.branchwise.space.sampler.grid;

import io.branchwise.space.json.JsonValue;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.Trial;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GridSamplerTest {

    private static Map<String, List<?>> grid() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("layers", List.of(1, 2, 3));
        grid.put("act", List.of(new JsonValue.JsonString("relu"), new JsonValue.JsonString("tanh")));
        grid.put("lr", List.of(0.1, 0.01));
        return grid;
    }

    private static List<Object> draw(Trial t) {
        long layers = t.suggestInt("layers", 1, 4);
        String act = t.suggestCategorical("act", "relu", "tanh", "gelu");
        double lr = t.suggestFloat("lr", 1e-4, 1, true);
        return List.of(layers, act, lr);
    }

    @Test
    void visitsEveryPointExactlyOnceThenReportsExhaustion() {
        GridSampler sampler = new GridSampler(grid(), 5);
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, sampler);
        Set<List<Object>> seen = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            assertThat(sampler.isExhausted(study)).isFalse();
            Trial t = study.ask();
            seen.add(draw(t));
            study.tell(t, i);
        }
        assertThat(sampler.size()).isEqualTo(12);
        assertThat(seen).hasSize(12);
        assertThat(sampler.isExhausted(study)).isTrue();
        // Past exhaustion it keeps answering with grid points rather than failing.
        Trial extra = study.ask();
        assertThat(seen).contains(draw(extra));
    }

    @Test
    void orderIsAShuffleFixedByTheSeed() {
        assertThat(visitOrder(1)).isEqualTo(visitOrder(1)).isNotEqualTo(visitOrder(2));
    }

    private static List<List<Object>> visitOrder(long seed) {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new GridSampler(grid(), seed));
        List<List<Object>> order = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Trial t = study.ask();
            order.add(draw(t));
            study.tell(t, 0.0);
        }
        return order;
    }

    @Test
    void concurrentTrialsTakeDistinctPoints() {
        GridSampler sampler = new GridSampler(grid(), 3);
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, sampler);
        List<Trial> running = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            running.add(study.ask());
        }
        // Workers draw in an interleaved order, with nothing finished yet.
        Set<List<Object>> seen = new HashSet<>();
        for (int i : new int[] {3, 0, 5, 1, 4, 2}) {
            seen.add(draw(running.get(i)));
        }
        assertThat(seen).hasSize(6);
        // Failed trials keep their points, as in Optuna: the remaining six points come next.
        running.forEach(t -> study.tell(t, TrialState.FAIL, List.of()));
        for (int i = 0; i < 6; i++) {
            Trial t = study.ask();
            seen.add(draw(t));
            study.tell(t, 1.0);
        }
        assertThat(seen).hasSize(12);
        assertThat(sampler.isExhausted(study)).isTrue();
    }

    @Test
    void aRebuiltSamplerFinishesAHalfDrawnTrialConsistently() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new GridSampler(grid(), 9));
        Trial t = study.ask();
        long layers = t.suggestInt("layers", 1, 4);
        FrozenTrial half = t.snapshot();
        GridSampler rebuilt = new GridSampler(grid(), 9);
        double act = rebuilt.sampleIndependent(study, half, "act", new io.branchwise.space.distribution.CategoricalDistribution(
                List.of(new JsonValue.JsonString("relu"), new JsonValue.JsonString("tanh"))));
        assertThat(act).isIn(0.0, 1.0);
        // Same seed, same order: the rebuilt sampler lands on the point the trial started.
        Trial again = new InMemoryStudy(StudyDirection.MINIMIZE, new GridSampler(grid(), 9)).ask();
        List<Object> fresh = draw(again);
        assertThat(fresh.get(0)).isEqualTo(layers);
        assertThat(fresh.get(1)).isEqualTo(act == 0.0 ? "relu" : "tanh");
    }

    @Test
    void unknownParameterIsAClearError() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new GridSampler(grid(), 0));
        Trial t = study.ask();
        assertThatThrownBy(() -> t.suggestFloat("dropout", 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'dropout'")
                .hasMessageContaining("[act, layers, lr]");
    }

    @Test
    void gridValuesOutsideTheAskedDistributionAreRefused() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new GridSampler(Map.of("lr", List.of(0.5)), 0));
        assertThatThrownBy(() -> study.ask().suggestFloat("lr", 0, 0.1))
                .hasMessageContaining("'lr'").hasMessageContaining("does not lie");
        InMemoryStudy cat = new InMemoryStudy(StudyDirection.MINIMIZE, new GridSampler(Map.of("act", List.of("elu")), 0));
        assertThatThrownBy(() -> cat.ask().suggestCategorical("act", "relu", "tanh"))
                .hasMessageContaining("'act'").hasMessageContaining("not among its choices");
        assertThatThrownBy(() -> new GridSampler(Map.of("x", List.of()), 0)).hasMessageContaining("'x' has no values");
        assertThatThrownBy(() -> new GridSampler(Map.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conditionalAndOneChoiceParameters() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("kind", List.of("tree", "linear"));
        grid.put("depth", List.of(2, 4));
        grid.put("only", List.of("x"));
        GridSampler sampler = new GridSampler(grid, 1);
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, sampler);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assertThat(sampler.isExhausted(study)).isFalse();
            Trial t = study.ask();
            String kind = t.suggestCategorical("kind", "tree", "linear");
            // A one-choice categorical never reaches the sampler; its value still matches the grid.
            assertThat(t.suggestCategorical("only", "x")).isEqualTo("x");
            seen.add(kind.equals("tree") ? kind + t.suggestInt("depth", 1, 8) : kind);
            study.tell(t, 0.0);
        }
        // "linear" never asks for depth, so each such trial covers one of its two points.
        assertThat(seen).containsExactlyInAnyOrder("tree2", "tree4", "linear", "linear");
        assertThat(sampler.isExhausted(study)).isTrue();
    }
}
