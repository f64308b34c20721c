package io.branchwise.search;

import io.branchwise.space.layout.Block;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class BaselineSearchTest {
    private static final BaselineDesign.Config FIXED = new BaselineDesign.Config(Block.of(2, 64), 0.001);
    private static final BaselineDesign.Config NARROW = new BaselineDesign.Config(Block.of(1, 16), 0.001);
    private static final BaselineDesign.Config FAST = new BaselineDesign.Config(Block.of(1, 16), 0.01);
    private static final List<BaselineDesign.Config> DESIGN = List.of(FIXED, NARROW, FAST);

    private static Baseline run(BaselineDesign.Config config, double accuracy) {
        return new Baseline("t", "accuracy", true, Map.of("accuracy", accuracy), Map.of("accuracy", accuracy),
                new TreeMap<>(), config, 1, 1, Double.NaN);
    }

    @Test
    void theBestOnValidationIsChosenAndTiesGoToTheEarlierConfigurationWhateverTheFinishingOrder() {
        BaselineSearch search = new BaselineSearch("t", DESIGN);
        search.completed(run(FAST, 0.80));
        search.completed(run(NARROW, 0.85));
        search.completed(run(FIXED, 0.85));
        Baseline best = search.best().orElseThrow();
        assertThat(best.config()).isEqualTo(FIXED);
        assertThat(best.tried()).isEqualTo(3);
    }

    @Test
    void aFailedOrDivergedConfigurationOnlyDropsOut() {
        BaselineSearch search = new BaselineSearch("t", DESIGN);
        search.failed(FIXED, "out of memory");
        search.completed(run(NARROW, Double.NaN));
        search.completed(run(FAST, 0.6));
        assertThat(search.best().orElseThrow().config()).isEqualTo(FAST);
        assertThat(search.best().orElseThrow().tried()).as("every configuration counts, failed ones too").isEqualTo(3);
    }

    @Test
    void withNoRunTheFailureNamesEveryReason() {
        BaselineSearch search = new BaselineSearch("t", DESIGN);
        search.failed(FIXED, "out of memory");
        search.failed(NARROW, "hung");
        search.failed(FAST, "exit code 3");
        assertThat(search.best()).isEmpty();
        assertThat(search.failure()).contains("every one of the 3 single-task configurations of task t failed",
                "2x64 lr 0.00100: out of memory", "1x16 lr 0.00100: hung", "1x16 lr 0.0100: exit code 3");
        BaselineSearch fixed = new BaselineSearch("t", List.of(FIXED));
        fixed.failed(FIXED, "exit code 3");
        assertThat(fixed.failure()).isEqualTo("single-task baseline of task t failed: exit code 3");
    }
}
