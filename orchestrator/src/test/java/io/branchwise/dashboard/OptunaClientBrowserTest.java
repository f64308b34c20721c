package io.branchwise.dashboard;

import io.branchwise.grpc.PythonGrpc;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A study made by a Python client over the storage gRPC, the calls Optuna's GrpcStorageProxy makes (Debian's
 * grpcio with stubs Debian's protoc generates; .ci/run installs both), appears on the open dashboard as it is
 * written and reads like any Optuna study there.
 */
@Timeout(300)
class OptunaClientBrowserTest {
    @RegisterExtension
    static final Dashboard dashboard = Dashboard.of(List.of(List.of("a")));

    @Test
    void aStudyWrittenByThePythonClientShowsUpLiveAndReadsLikeAnyOptunaStudy() throws Exception {
        dashboard.browser.go("#/studies");
        dashboard.browser.awaitOne("main[data-loaded='true']");
        dashboard.browser.markDocument();

        Path stubs = PythonGrpc.stubs(dashboard.dir, "api.proto");
        String output = PythonGrpc.script("optuna_dashboard_study.py", 120,
                List.of(Integer.toString(dashboard.server.server.actualPort()), stubs.toString(), "10"));
        assertThat(output).contains("10 trials");

        // The open studies page shows it without a reload.
        WebElement row = dashboard.browser.await(d -> d.findElements(By.cssSelector("table.studies tbody tr[data-study-id]"))
                .stream().filter(r -> r.getText().contains("py-dashboard") && r.getText().contains("8 complete"))
                .findFirst().orElse(null));
        assertThat(row.getDomAttribute("data-kind")).isEqualTo("optuna");
        assertThat(row.getText()).contains("Optuna", "minimize", "2 pruned");
        assertThat(dashboard.browser.sameDocument()).isTrue();

        long id = dashboard.server.storage.studyIdByName("py-dashboard");
        List<TrialRecord> trials = dashboard.server.storage.trials(id, -1, List.of());
        double best = trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
                .mapToDouble(t -> t.values().get(0)).min().orElseThrow();
        row.findElement(By.cssSelector("th a")).click();
        dashboard.browser.awaitOne("main[data-ready='true']");
        assertThat(dashboard.browser.awaitCount("table.trials tbody tr[data-trial-id]", 10)).hasSize(10);
        assertThat(dashboard.browser.chart(".chart.history", "o.yAxis[0].name")).asString().startsWith("loss");
        assertThat(((Number) dashboard.browser.chart(".chart.history", "o.series[1].data.at(-1)")).doubleValue()).isEqualTo(best);
        dashboard.browser.awaitOne(".chart.importance[data-rendered='true']");
        assertThat(dashboard.browser.chart(".chart.importance", "o.yAxis[0].data")).asList().containsExactlyInAnyOrder("x", "layers");
        dashboard.browser.screenshot("study-python-client");

        // A pruned trial: its three reported steps and its state.
        TrialRecord pruned = trials.get(4);
        dashboard.browser.navigate("#/trials/" + pruned.id());
        dashboard.browser.awaitOne("main[data-ready='true'] table.params");
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("main h1")).getText()).isEqualTo("Trial #4 pruned");
        assertThat(dashboard.browser.chart(".chart.curves", "o.series[0].data.length")).isEqualTo(3L);
        assertThat(dashboard.browser.driver.findElement(By.cssSelector(".timeline")).getText()).contains("reported 3 steps", "PRUNED");
        assertThat(dashboard.browser.sameDocument()).isTrue();
        assertThat(dashboard.browser.pageErrors()).isEmpty();
    }
}
