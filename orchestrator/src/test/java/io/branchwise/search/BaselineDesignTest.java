package io.branchwise.search;

import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.space.layout.Block;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BaselineDesignTest {
    private static SearchSpec spec(String space, String learningRate, String baseline) {
        String yaml = PlantedModelLauncher.fourTasks("design", 9) + """
                space: SPACE
                training: {epochs: 3, learning_rate: RATE}
                search: {trials: 2, baseline: BASELINE}
                """.replace("SPACE", space).replace("RATE", learningRate).replace("BASELINE", baseline);
        return SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
    }

    @Test
    void aSearchedSpaceGetsDistinctConfigurationsSpreadOverEveryAxisTheFixedNetworkFirst() {
        SearchSpec spec = spec("{trunk_depth: [0, 2], branch_depth: [0, 2], widths: [16, 32, 64]}", "[0.0001, 0.01]",
                "{trials: 12}");
        List<BaselineDesign.Config> design = BaselineDesign.of(spec);
        assertThat(design).hasSize(12).doesNotHaveDuplicates();
        assertThat(design.get(0)).isEqualTo(new BaselineDesign.Config(Block.of(2, 64), Math.sqrt(0.0001 * 0.01)));
        assertThat(design).allSatisfy(c -> {
            assertThat(c.block().depth()).isBetween(1, 4);
            assertThat(c.block().width()).isIn(16, 32, 64);
            assertThat(c.learningRate()).isBetween(0.0001, 0.01);
        });
        Set<Integer> depths = design.stream().map(c -> c.block().depth()).collect(Collectors.toSet());
        Set<Integer> widths = design.stream().map(c -> c.block().width()).collect(Collectors.toSet());
        assertThat(depths).as("a space-filling design sees every depth").containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(widths).containsExactlyInAnyOrder(16, 32, 64);
        assertThat(design.stream().filter(c -> c.learningRate() < 0.001)).as("both decades of the rate range").isNotEmpty();
        assertThat(design.stream().filter(c -> c.learningRate() > 0.001)).isNotEmpty();
        assertThat(BaselineDesign.of(spec)).as("the same spec, the same design (cached baselines match)").isEqualTo(design);
    }

    @Test
    void aSmallGridIsTriedWholeAndAFixedNetworkAlone() {
        SearchSpec grid = spec("{trunk_depth: [0, 1], branch_depth: 1, widths: [8, 16]}", "0.01", "{trials: 8}");
        assertThat(BaselineDesign.of(grid)).extracting(c -> c.block().toString())
                .containsExactly("2x16", "1x8", "1x16", "2x8");
        SearchSpec fixed = spec("{trunk_depth: [0, 1], branch_depth: 1, widths: [8, 16]}", "0.01", "{depth: 3, width: 8}");
        assertThat(BaselineDesign.of(fixed)).containsExactly(new BaselineDesign.Config(Block.of(3, 8), 0.01));
    }

    @Test
    void withoutABaselineSectionEachTaskTriesTheDefaultBudget() {
        SearchSpec spec = spec("{trunk_depth: [0, 2], branch_depth: [0, 2], widths: [16, 32, 64]}", "[0.0001, 0.01]",
                "{}");
        assertThat(spec.search().baselineTrials()).isEqualTo(8);
        assertThat(BaselineDesign.of(spec)).hasSize(8);
    }
}
