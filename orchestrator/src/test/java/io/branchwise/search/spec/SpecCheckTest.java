package io.branchwise.search.spec;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.plugin.SpecException;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The checks against plugins and data, with the test plugins (data source "fixture", task type "fixture-regression"). */
class SpecCheckTest {
    private static final PluginCatalog CATALOG = PluginCatalog.builtIns();

    private static SearchSpec spec(String trainer, String data, String tasks) {
        String yaml = "name: check\ntrainer: " + trainer + "\ndata: " + data + "\ntasks: " + tasks + "\n";
        return SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
    }

    private static final String DATA = "{source: fixture, options: {rows: 8, targets: [a, b, y]}}";
    private static final String TASKS = "[{name: a, type: fixture-regression, target: a},"
            + " {name: b, type: fixture-regression, target: b}, {name: y, type: fixture-regression, target: y}]";

    @Test
    void boundTasksCarryTheirMetricAndDirection() {
        List<BoundTask> tasks = SpecCheck.bind(spec("scripted", DATA, TASKS), CATALOG);
        assertThat(tasks).extracting(BoundTask::name).containsExactly("a", "b", "y");
        assertThat(tasks.get(0).metric()).isEqualTo("rmse");
        assertThat(tasks.get(0).higherIsBetter()).isFalse();
        assertThat(tasks.get(0).toStudyTask().direction()).hasToString("MINIMIZE");
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.headSize()).as("a regression head has one output").isEqualTo(1);
            assertThat(t.inputWidth()).as("the fixture's two features").isEqualTo(2);
        });
    }

    /**
     * The smallest layout of {trunk 1-2 deep, one branch layer, widths 8 or 16, the listed groupings} is a 1x8 trunk
     * and two 1x8 branches (the listing's fewest groups): 2·8+8 = 24, two branches of 8·8+8 = 72, three heads of
     * 8·1+1 = 9, so 195 parameters.
     */
    private static SearchSpec budgeted(long maxParameters) {
        String yaml = "name: check\ntrainer: scripted\ndata: " + DATA + "\ntasks: " + TASKS + "\n"
                + "space: {trunk_depth: [1, 2], branch_depth: 1, widths: [16, 8], groupings: [[[a], [b], [y]], [[a, b], [y]]]}\n"
                + "search: {max_parameters: " + maxParameters + "}\n";
        return SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
    }

    @Test
    void aParameterBudgetBelowTheSmallestLayoutIsRefusedWithTheLayoutAndItsCount() {
        assertThat(SpecCheck.bind(budgeted(195), CATALOG)).hasSize(3);
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> SpecCheck.bind(budgeted(194), CATALOG));
        assertThat(e.problems()).extracting(SpecException::path).containsExactly("search.max_parameters");
        assertThat(e.getMessage()).isEqualTo("search.max_parameters: the smallest layout of the space, 1x8[1x8[a,b],1x8[y]],"
                + " has 195 parameters for 2 input features; raise max_parameters to at least 195, or allow shallower or"
                + " narrower layouts in space");
    }

    @Test
    void aTargetMissingFromTheDataIsReportedWithTheTaskPath() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () ->
                SpecCheck.bind(spec("scripted", DATA, TASKS.replace("target: y}", "target: y9}")), CATALOG));
        assertThat(e.problems()).extracting(SpecException::path).containsExactly("tasks[2].targets");
        assertThat(e.getMessage()).contains("\"y9\"");
    }

    @Test
    void everyUnknownPluginIsReportedAtOnce() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () ->
                SpecCheck.bind(spec("torch", "{source: parquet}", TASKS.replace("type: fixture-regression, target: b",
                        "type: ordinal, target: b")), CATALOG));
        assertThat(e.problems()).extracting(SpecException::path).containsExactly("trainer", "data.source", "tasks[1].type");
        assertThat(e.problems().get(2).getMessage()).contains("unknown task type \"ordinal\"");
    }

    @Test
    void aDataSourceOptionProblemKeepsItsPath() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () ->
                SpecCheck.bind(spec("scripted", "{source: fixture, options: {rows: 0}}", TASKS), CATALOG));
        assertThat(e.problems()).extracting(SpecException::path).containsExactly("data.options.rows");
    }
}
