package io.branchwise.space.layout;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.json.JsonValue;
import io.branchwise.space.sampler.RandomSampler;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.Trial;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayoutSpaceTest {

    private static double choiceIndex(Distribution d, String value) {
        return ((CategoricalDistribution) d).toInternal(new JsonValue.JsonString(value));
    }

    private static double widthIndex(Distribution d, int width) {
        return ((CategoricalDistribution) d).toInternal(JsonValue.JsonInt.of(width));
    }

    @Test
    void groupingIsACategoricalOverPartitionsWithinTheBranchBudget() {
        LayoutSpace space = LayoutSpace.builder(List.of("c", "b", "a", "d")).maxBranches(2).build();
        Map<String, Distribution> d = space.distributions();
        assertThat(d).containsOnlyKeys(LayoutSpace.TRUNK_DEPTH, LayoutSpace.TRUNK_WIDTH, LayoutSpace.GROUPING,
                LayoutSpace.BRANCH_DEPTH, LayoutSpace.BRANCH_WIDTH);
        CategoricalDistribution grouping = (CategoricalDistribution) d.get(LayoutSpace.GROUPING);
        assertThat(grouping.choices()).hasSize(8); // S(4,1) + S(4,2) = 1 + 7
        assertThat(grouping.choices().get(0)).isEqualTo(new JsonValue.JsonString("{a,b,c,d}"));
        assertThat(grouping.choices()).allSatisfy(c -> assertThat(((JsonValue.JsonString) c).value().split("\\|").length).isLessThanOrEqualTo(2));
        // The listing order of tasks does not change the choices.
        LayoutSpace reordered = LayoutSpace.builder(List.of("a", "d", "c", "b")).maxBranches(2).build();
        assertThat(reordered.distributions()).isEqualTo(d);
    }

    @Test
    void decodeBuildsTheGroupedLayout() {
        LayoutSpace space = LayoutSpace.builder(List.of("a", "b", "c")).build();
        Map<String, Distribution> d = space.distributions();
        Map<String, Double> params = new HashMap<>();
        params.put(LayoutSpace.TRUNK_DEPTH, 2.0);
        params.put(LayoutSpace.TRUNK_WIDTH, widthIndex(d.get(LayoutSpace.TRUNK_WIDTH), 256));
        params.put(LayoutSpace.GROUPING, choiceIndex(d.get(LayoutSpace.GROUPING), "{a,b}|{c}"));
        params.put(LayoutSpace.BRANCH_DEPTH, 1.0);
        params.put(LayoutSpace.BRANCH_WIDTH, widthIndex(d.get(LayoutSpace.BRANCH_WIDTH), 64));
        assertThat(space.decode(params)).hasToString("2x256[1x64[a,b],1x64[c]]");

        // Depth 0 needs no width: trunk 0 with singletons is fully task-specific; branch 0 is hard sharing.
        params.remove(LayoutSpace.TRUNK_WIDTH);
        params.put(LayoutSpace.TRUNK_DEPTH, 0.0);
        params.put(LayoutSpace.GROUPING, choiceIndex(d.get(LayoutSpace.GROUPING), "{a}|{b}|{c}"));
        assertThat(space.decode(params)).isEqualTo(SharingLayout.taskSpecific(new Block(1, 64), List.of("a", "b", "c")));
        params.put(LayoutSpace.TRUNK_DEPTH, 1.0);
        params.put(LayoutSpace.TRUNK_WIDTH, widthIndex(d.get(LayoutSpace.TRUNK_WIDTH), 32));
        params.put(LayoutSpace.BRANCH_DEPTH, 0.0);
        params.remove(LayoutSpace.BRANCH_WIDTH);
        assertThat(space.decode(params)).hasToString("1x32[a,b,c]");
    }

    @Test
    void decodeRefusesMissingOrOutOfRangeParameters() {
        LayoutSpace space = LayoutSpace.builder(List.of("a", "b")).build();
        Map<String, Double> params = new HashMap<>(Map.of(LayoutSpace.TRUNK_DEPTH, 1.0, LayoutSpace.GROUPING, 0.0,
                LayoutSpace.BRANCH_DEPTH, 0.0));
        assertThatThrownBy(() -> space.decode(params)).hasMessageContaining("'layout.trunk_width' is missing");
        params.put(LayoutSpace.TRUNK_WIDTH, 9.0);
        assertThatThrownBy(() -> space.decode(params)).hasMessageContaining("'layout.trunk_width' = 9.0 is outside");
    }

    @Test
    void suggestThroughAStudyAsksOnlyForWhatTheLayoutNeeds() {
        List<String> tasks = List.of("t1", "t2", "t3", "t4");
        LayoutSpace space = LayoutSpace.builder(tasks).maxBranches(3).trunkDepth(0, 2).branchDepth(0, 1).build();
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(7));
        Set<String> layouts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Trial trial = study.ask();
            SharingLayout layout = space.suggest(trial);
            FrozenTrial t = trial.snapshot();
            assertThat(layout.tasks()).containsExactlyElementsOf(tasks);
            assertThat(space.decode(t.params())).isEqualTo(layout);
            assertThat(t.params().containsKey(LayoutSpace.TRUNK_WIDTH)).isEqualTo(t.params().get(LayoutSpace.TRUNK_DEPTH) > 0);
            assertThat(t.params().containsKey(LayoutSpace.BRANCH_WIDTH)).isEqualTo(t.params().get(LayoutSpace.BRANCH_DEPTH) > 0);
            assertThat(t.distributions()).allSatisfy((name, dist) -> assertThat(space.distributions().get(name)).isEqualTo(dist));
            study.tell(trial, layout.parameterCount(8, Map.of("t1", 1, "t2", 1, "t3", 1, "t4", 1)).total());
            layouts.add(layout.toString());
        }
        assertThat(layouts.size()).isGreaterThan(30);
    }

    @Test
    void manyTasksFallBackToOneGroupIdPerTaskDecodedCanonically() {
        List<String> tasks = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        LayoutSpace space = LayoutSpace.builder(tasks).maxBranches(4).build();
        assertThat(space.usesGroupIds()).isTrue();
        assertThat(space.distributions()).doesNotContainKey(LayoutSpace.GROUPING)
                .containsEntry("layout.group.j", new IntDistribution(0, 3, false, 1));
        Map<String, Double> params = new HashMap<>(Map.of(LayoutSpace.TRUNK_DEPTH, 0.0, LayoutSpace.BRANCH_DEPTH, 0.0));
        Map<String, Double> permuted = new HashMap<>(params);
        int[] ids = {0, 0, 1, 1, 1, 3, 3, 3, 3, 0};
        for (int i = 0; i < tasks.size(); i++) {
            params.put("layout.group." + tasks.get(i), (double) ids[i]);
            permuted.put("layout.group." + tasks.get(i), (double) ((ids[i] + 2) % 4));
        }
        params.put(LayoutSpace.BRANCH_DEPTH, 1.0);
        params.put(LayoutSpace.BRANCH_WIDTH, 0.0);
        permuted.put(LayoutSpace.BRANCH_DEPTH, 1.0);
        permuted.put(LayoutSpace.BRANCH_WIDTH, 0.0);
        SharingLayout layout = space.decode(params);
        assertThat(layout).hasToString("0x0[1x32[a,b,j],1x32[c,d,e],1x32[f,g,h,i]]");
        assertThat(space.decode(permuted)).isEqualTo(layout);
        // The same ten tasks with a budget of 2 fit in a categorical (S(10,1)+S(10,2) = 512).
        assertThat(LayoutSpace.builder(tasks).maxBranches(2).build().usesGroupIds()).isFalse();
    }

    @Test
    void oneTaskHasASingleGroupingChoice() {
        LayoutSpace space = LayoutSpace.builder(List.of("only")).build();
        assertThat(space.distributions().get(LayoutSpace.GROUPING).isSingle()).isTrue();
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(1));
        SharingLayout layout = space.suggest(study.ask());
        assertThat(layout.tasks()).containsExactly("only");
    }

    @Test
    void builderRefusesBadInput() {
        assertThatThrownBy(() -> LayoutSpace.builder(List.of()).build()).hasMessageContaining("at least one task");
        assertThatThrownBy(() -> LayoutSpace.builder(List.of("a", "a")).build()).hasMessageContaining("distinct");
        assertThatThrownBy(() -> LayoutSpace.builder(List.of("a")).widths(List.of(0)).build()).hasMessageContaining("widths");
        assertThatThrownBy(() -> LayoutSpace.builder(List.of("a")).trunkDepth(-1, 2).build()).hasMessageContaining("depths");
    }

    @Test
    void candidateGroupingsReplaceTheFullPartitionList() {
        LayoutSpace space = LayoutSpace.builder(List.of("a", "b", "c", "d"))
                .groupings(List.of(List.of(List.of("d", "c"), List.of("b", "a")), List.of(List.of("a", "b", "c", "d")),
                        List.of(List.of("a", "b"), List.of("c", "d"))))
                .build();
        CategoricalDistribution grouping = (CategoricalDistribution) space.distributions().get(LayoutSpace.GROUPING);
        assertThat(grouping.choices()).containsExactly(new JsonValue.JsonString("{a,b}|{c,d}"), new JsonValue.JsonString("{a,b,c,d}"));
        Map<String, Double> params = new HashMap<>(Map.of(LayoutSpace.TRUNK_DEPTH, 1.0, LayoutSpace.BRANCH_DEPTH, 1.0,
                LayoutSpace.GROUPING, 0.0));
        params.put(LayoutSpace.TRUNK_WIDTH, widthIndex(space.distributions().get(LayoutSpace.TRUNK_WIDTH), 64));
        params.put(LayoutSpace.BRANCH_WIDTH, widthIndex(space.distributions().get(LayoutSpace.BRANCH_WIDTH), 32));
        assertThat(space.decode(params)).hasToString("1x64[1x32[a,b],1x32[c,d]]");
        assertThatThrownBy(() -> LayoutSpace.builder(List.of("a", "b")).groupings(List.of(List.of(List.of("a")))).build())
                .hasMessageContaining("leaves out task 'b'");
        assertThatThrownBy(() -> LayoutSpace.builder(List.of("a", "b")).groupings(List.of(List.of(List.of("a", "x")))).build())
                .hasMessageContaining("unknown task 'x'");
    }
}
