package io.branchwise.search.spec;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugins.PluginCatalog;
import io.branchwise.train.TrialSpecReader;
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
