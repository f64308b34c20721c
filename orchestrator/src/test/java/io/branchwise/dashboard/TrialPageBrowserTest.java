package io.branchwise.dashboard;

import io.branchwise.json.PlainJson;
import io.branchwise.search.SearchResult;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The trial page: parameters, per-task metrics and curves, the layout tree, attributes, states, failures. */
@Timeout(300)
class TrialPageBrowserTest {
    @RegisterExtension
    static final Dashboard dashboard = Dashboard.planted().failingIn("trial-1");
    static SearchResult search;
    static List<TrialRecord> trials;

    @BeforeAll
    static void start() throws Exception {
        search = dashboard.plantedSearch("planted", 6);
        trials = dashboard.server.storage.trials(search.studyId(), -1, List.of());
    }

    @Test
    void theRecommendedTrialShowsParametersMetricsCurvesItsTreeAttributesAndStates() {
        TrialRecord t = trials.get(search.recommendation().trialNumber());
        dashboard.browser.go("#/trials/" + t.id());
        dashboard.browser.awaitOne("main[data-ready='true']");
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("main h1")).getText())
                .isEqualTo("Trial #" + t.number() + " complete");

        List<WebElement> params = dashboard.browser.driver.findElements(By.cssSelector("table.params tbody tr"));
        assertThat(params).extracting(r -> r.findElement(By.cssSelector("th")).getText())
                .containsExactlyElementsOf(t.params().keySet().stream().sorted().toList());
        assertThat(row(params, "layout.grouping").getText()).contains("{a,b}|{c}", "one of");
        assertThat(row(params, "training.learning_rate").getText()).contains("float [0.001, 0.01]");

        List<WebElement> metrics = dashboard.browser.driver.findElements(By.cssSelector("table.metrics tbody tr"));
        assertThat(metrics).extracting(r -> r.getDomAttribute("data-task")).containsExactly("a", "b", "c");
        assertThat(metrics.get(0).getText()).contains("rmse", "+10.00%");
        assertThat(metrics).noneMatch(r -> "negative".equals(r.getDomAttribute("class")));
        // The planted model's curves fall to the last epoch: every baseline was cut short by the budget.
        assertThat(metrics).allSatisfy(r -> assertThat(r.findElements(By.cssSelector("td span.still-improving")))
                .hasSize(1));

        WebElement tree = dashboard.browser.driver.findElement(By.cssSelector("#layout-card .layout-tree"));
        assertThat(tree.findElements(By.cssSelector("g.head"))).extracting(g -> g.getDomAttribute("data-task"))
                .containsExactly("a", "b", "c");

        assertThat(dashboard.browser.chart(".chart.curves", "o.series.length")).isEqualTo(6L);
        assertThat(dashboard.browser.chart(".chart.curves", "o.series[0].data.length")).isEqualTo(4L);

        List<WebElement> states = dashboard.browser.driver.findElements(By.cssSelector(".timeline li"));
        assertThat(states.get(0).getText()).isEqualTo(t.datetimeStart().substring(0, 19) + " — started (RUNNING)");
        assertThat(states.get(states.size() - 1).getText()).isEqualTo(t.datetimeComplete().substring(0, 19) + " — COMPLETE");
        assertThat(dashboard.browser.driver.findElement(By.id("attrs-card")).getText())
                .contains("System attributes (" + t.systemAttributes().size() + ")", "branchwise:layout");
        assertThat(dashboard.browser.driver.findElements(By.id("failure"))).isEmpty();
        dashboard.browser.screenshot("trial-complete");

        // One panel per task, side by side when wide; a narrow window stacks them (the chart lays out again).
        Object top = dashboard.browser.chart(".chart.curves", "o.grid[1].top");
        assertThat(dashboard.browser.chart(".chart.curves", "o.grid[0].top")).isEqualTo(top);
        Dimension wide = dashboard.browser.driver.manage().window().getSize();
        dashboard.browser.driver.manage().window().setSize(new Dimension(520, wide.getHeight()));
        try {
            dashboard.browser.await(d -> !top.equals(dashboard.browser.chart(".chart.curves", "o.grid[1].top")) ? true : null);
        } finally {
            dashboard.browser.driver.manage().window().setSize(wide);
        }
        assertThat(dashboard.browser.pageErrors()).isEmpty();
    }

    @Test
    void aFailedTrialShowsTheTrainersReason() {
        TrialRecord failed = trials.get(1);
        assertThat(failed.state()).isEqualTo(TrialState.FAIL);
        dashboard.browser.go("#/trials/" + failed.id());
        dashboard.browser.awaitOne("main[data-ready='true']");
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("#failure .fail-reason")).getText())
                .contains(DemoLauncher.FAILURE);
        List<WebElement> states = dashboard.browser.driver.findElements(By.cssSelector(".timeline li"));
        assertThat(states.get(states.size() - 1).getText()).contains("FAIL: ", "exited with code 7");
        assertThat(dashboard.browser.chart(".chart.curves", "o.series[0].data.length")).as("its one epoch").isEqualTo(1L);
        dashboard.browser.screenshot("trial-failed");
    }

    @Test
    void aTrialWithNegativeTransferMarksTheHurtTasksInItsTableTreeAndBars() {
        TrialRecord hurting = trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
                .filter(t -> !((List<?>) PlainJson.read(t.systemAttributes().get("branchwise:negative_transfer"))).isEmpty())
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<String> hurt = (List<String>) PlainJson.read(hurting.systemAttributes().get("branchwise:negative_transfer"));
        dashboard.browser.go("#/trials/" + hurting.id());
        dashboard.browser.awaitOne("main[data-ready='true']");
        assertThat(dashboard.browser.driver.findElements(By.cssSelector("table.metrics tbody tr.negative")))
                .extracting(r -> r.getDomAttribute("data-task")).containsExactlyElementsOf(hurt);
        assertThat(dashboard.browser.driver.findElements(By.cssSelector("#layout-card g.head.negative")))
                .extracting(g -> g.getDomAttribute("data-task")).containsExactlyElementsOf(hurt);
        assertThat(dashboard.browser.driver.findElements(By.cssSelector("#metrics-card .bar-row.negative")))
                .extracting(r -> r.getDomAttribute("data-task")).containsExactlyElementsOf(hurt)
                .allSatisfy(task -> assertThat(task).isNotBlank());
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("#metrics-card .bar-row.negative .label")).getText())
                .contains("negative transfer");
        dashboard.browser.screenshot("trial-negative-transfer");
    }

    @Test
    void anOptunaTrialShowsItsDistributionsAndIntermediateValues() {
        long study = dashboard.server.optunaStudy("optuna-one", 3, List.of(StudyDirection.MINIMIZE), 4);
        TrialRecord t = dashboard.server.storage.trials(study, -1, List.of()).get(0);
        dashboard.browser.go("#/trials/" + t.id());
        dashboard.browser.awaitOne("main[data-ready='true']");
        List<WebElement> params = dashboard.browser.driver.findElements(By.cssSelector("table.params tbody tr"));
        assertThat(row(params, "optimizer").getText()).contains("one of \"adam\", \"sgd\"");
        assertThat(row(params, "lr").getText()).contains("float [0.0001, 0.1] log");
        assertThat(row(params, "layers").getText()).contains("int [1, 4]");
        assertThat(dashboard.browser.chart(".chart.curves", "o.series.map(s => s.data.length)")).isEqualTo(List.of(3L));
        assertThat(dashboard.browser.driver.findElements(By.id("layout-card"))).isEmpty();
        assertThat(dashboard.browser.driver.findElements(By.id("metrics-card"))).isEmpty();
        assertThat(Double.parseDouble(dashboard.browser.driver.findElement(By.cssSelector(".facts .values")).getText()))
                .as("shown to 4 significant digits").isCloseTo(t.values().get(0), within(Math.abs(t.values().get(0)) * 1e-3));
    }

    private static WebElement row(List<WebElement> rows, String name) {
        return rows.stream().filter(r -> r.findElement(By.cssSelector("th")).getText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name));
    }
}
