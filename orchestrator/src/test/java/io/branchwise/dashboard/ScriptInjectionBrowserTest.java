package io.branchwise.dashboard;

import io.branchwise.json.PlainJson;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.TrialRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names and texts that clients store (study, parameter, task and metric names, attributes, failure reasons) carry
 * markup here, and the dashboard must show them as text everywhere: in the pages and in the charts' tooltips,
 * which ECharts renders as HTML. The markup would run script ({@code window.__xss}) and leave an {@code img} with
 * {@code src="x"} in the document; shown as text, its {@code <img src=x} is readable on screen instead. The server's
 * content security policy would stop the inline handler on its own, so the absent elements are what prove the
 * escaping, and the page must still work under that policy (no inline handlers, no errors).
 */
@Timeout(300)
class ScriptInjectionBrowserTest {
    @RegisterExtension
    static final Dashboard dashboard = Dashboard.planted();
    static final String IMG = "<img src=x onerror=window.__xss=1>";
    static final String IMG_QUOTED = "<img src=x onerror=\"window.__xss=1\">";
    static final String BOLD = "<b>bold</b>";
    /** What a name shown as text reads like, whichever of the two img payloads it holds. */
    static final String SHOWN = "<img src=x";

    static long optunaId;
    static long failedTrialId;
    static long tasksId;
    static long tasksTrialId;

    @BeforeAll
    static void start() throws Exception {
        seedTwoObjectiveStudy();
        seedStudyWithTasks();
    }

    /** An Optuna client's two-objective study: hostile study, parameter and metric names, attributes, a failure. */
    private static void seedTwoObjectiveStudy() {
        var storage = dashboard.server.storage;
        optunaId = storage.createStudy(IMG + " study " + BOLD, List.of(StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE));
        storage.setStudyAttribute(optunaId, AttributeScope.SYSTEM, "study:metric_names", PlainJson.write(List.of(IMG, BOLD)));
        storage.setStudyAttribute(optunaId, AttributeScope.USER, IMG, PlainJson.write(BOLD));
        String floatDistribution = "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 0.0,"
                + " \"high\": 1.0, \"log\": false}}";
        LocalDateTime start = LocalDateTime.now().minusHours(1);
        for (int i = 0; i < 30; i++) {
            // Deterministic spread: the first parameter matters most, so both appear in the importance chart.
            double a = (i * 7 % 30) / 30.0;
            double b = (i * 11 % 30) / 30.0;
            boolean fail = i == 29;
            Map<String, Double> params = new LinkedHashMap<>();
            params.put(IMG_QUOTED, a);
            params.put(BOLD, b);
            TrialRecord trial = new TrialRecord(0, 0, 0, fail ? TrialState.FAIL : TrialState.COMPLETE,
                    fail ? List.of() : List.of(Math.pow(a - 0.3, 2) + 0.1 * b, 1.0 / (1 + a + b)),
                    DashboardServer.PYTHON_TIME.format(start.plusSeconds(i)),
                    DashboardServer.PYTHON_TIME.format(start.plusSeconds(i).plusNanos(300_000_000L)),
                    params, Map.of(IMG_QUOTED, floatDistribution, BOLD, floatDistribution),
                    Map.of(IMG, PlainJson.write(BOLD)),
                    fail ? Map.of("fail_reason", PlainJson.write("trainer said " + IMG + " and " + BOLD)) : Map.of(),
                    new TreeMap<>(Map.of(0L, a, 1L, a / 2)));
            long id = storage.createTrial(optunaId, trial);
            if (fail) {
                failedTrialId = id;
            }
        }
    }

    /**
     * A multi-task study whose task names are markup: the header, the per-task Δ bars, the learning curves and the
     * affinity heatmap name them.
     */
    private static void seedStudyWithTasks() {
        var storage = dashboard.server.storage;
        tasksId = storage.createStudy(BOLD + " tasks", List.of(StudyDirection.MAXIMIZE));
        storage.setStudyTasks(tasksId, List.of(new StudyTask(IMG, "regression", "rmse", StudyDirection.MINIMIZE),
                new StudyTask(BOLD, "regression", "rmse", StudyDirection.MINIMIZE)));
        storage.setStudyAttribute(tasksId, AttributeScope.SYSTEM, "branchwise:affinity",
                PlainJson.write(Map.of("tasks", List.of(IMG, BOLD), "matrix", List.of(List.of(1.0, 0.25), List.of(-0.5, 1.0)))));
        storage.setStudyAttribute(tasksId, AttributeScope.SYSTEM, "branchwise:candidate_groupings",
                PlainJson.write(List.of(Map.of("groups", List.of(List.of(IMG), List.of(BOLD)), "score", 0.1))));
        storage.setStudyAttribute(tasksId, AttributeScope.SYSTEM, "branchwise:baselines", PlainJson.write(List.of(
                Map.of("task", IMG, "metric", "rmse", "curve", Map.of("0", 1.0, "1", 0.8, "2", 0.7)))));
        LocalDateTime start = LocalDateTime.now().minusMinutes(30);
        for (int i = 0; i < 3; i++) {
            TrialRecord running = new TrialRecord(0, 0, 0, TrialState.RUNNING, List.of(),
                    DashboardServer.PYTHON_TIME.format(start.plusSeconds(i)), null, Map.of(), Map.of(),
                    Map.of(), Map.of("branchwise:delta_per_task", PlainJson.write(Map.of(IMG, 5.0, BOLD, -2.0)),
                    "branchwise:negative_transfer", PlainJson.write(List.of(BOLD))), new TreeMap<>());
            long id = storage.createTrial(tasksId, running);
            for (long step = 0; step < 3; step++) {
                storage.setTrialTaskValues(id, step, List.of(1.0 - 0.1 * step, 2.0 - 0.2 * step - 0.1 * i));
            }
            storage.setTrialStateValues(id, TrialState.COMPLETE, new double[] {1.5 * i});
            tasksTrialId = id;
        }
    }

    @Test
    void theStudiesPageShowsHostileStudyNamesAsText() {
        dashboard.browser.go("#/studies");
        dashboard.browser.awaitOne("main[data-loaded='true'] tr[data-study-id='" + optunaId + "']");
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("tr[data-study-id='" + optunaId + "'] th")).getText())
                .contains(IMG + " study " + BOLD);
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("tr[data-study-id='" + tasksId + "'] th")).getText())
                .contains(BOLD + " tasks");
        assertNothingRan();
    }

    @Test
    void theStudyPageAndItsImportanceParetoAndHistoryTooltipsShowNamesAsText() {
        dashboard.browser.go("#/studies/" + optunaId);
        dashboard.browser.awaitOne("main[data-ready='true']");
        dashboard.browser.awaitOne("main[data-settled='true']");
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("main h1")).getText()).contains(IMG + " study " + BOLD);
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("table.trials thead")).getText()).contains(SHOWN, BOLD);
        assertNothingRan();

        // The parameter whose name is markup, in the importance chart's tooltip.
        long bar = ((Number) dashboard.browser.chart(".chart.importance", "o.yAxis[0].data.indexOf(" + jsString(IMG_QUOTED) + ")"))
                .longValue();
        assertThat(bar).isNotNegative();
        String importance = showTip(".chart.importance", 0, bar);
        assertNothingRan();
        assertThat(importance).contains(IMG_QUOTED + ": ");

        // The metric names (study:metric_names) in the Pareto chart's tooltip: a front point.
        String pareto = showTip(".chart.pareto", 1, 0);
        assertNothingRan();
        assertThat(pareto).startsWith("Trial #").contains(IMG + " ↓: ", BOLD + " ↑: ");

        // The history names the objective, the first metric.
        String history = showTip(".chart.history", 0, 0);
        assertNothingRan();
        assertThat(history).startsWith("Trial #").contains(IMG + ": ");
        dashboard.browser.screenshot("injection-study");
        assertThat(dashboard.browser.pageErrors()).isEmpty();
    }

    @Test
    void aStudyWithTasksShowsTaskNamesAsTextInItsAffinityAndCurvesTooltips() {
        dashboard.browser.go("#/studies/" + tasksId);
        dashboard.browser.awaitOne("main[data-settled='true']");
        assertThat(dashboard.browser.driver.findElement(By.cssSelector(".study-header .tasks")).getText()).contains(IMG, BOLD);
        assertThat(dashboard.browser.driver.findElement(By.id("affinity-card")).getText()).contains("{" + IMG + "} | {" + BOLD + "}");
        assertNothingRan();

        String affinity = showTip(".chart.affinity", 0, 1);
        assertNothingRan();
        assertThat(affinity).contains("step on " + IMG + " → loss of " + BOLD);
        // ECharts' own axis tooltip lists the series of the first task's panel by name: the trial's and the baseline's.
        dashboard.browser.awaitOne(".chart.curves[data-rendered='true']");
        String curves = showTip(".chart.curves", 0, 0);
        assertNothingRan();
        assertThat(curves).contains(IMG + " (#2)", IMG + " alone (STL)");
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("#curves-card .trial-delta")).getText()).contains(IMG, BOLD);
        dashboard.browser.screenshot("injection-tasks");
        assertThat(dashboard.browser.pageErrors()).isEmpty();
    }

    @Test
    void theTrialPageShowsParametersAttributesAndTheFailureAsText() {
        dashboard.browser.go("#/trials/" + failedTrialId);
        dashboard.browser.awaitOne("main[data-ready='true']");
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("pre.fail-reason")).getText())
                .isEqualTo("trainer said " + IMG + " and " + BOLD);
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("table.params")).getText()).contains(IMG_QUOTED, BOLD);
        assertThat(dashboard.browser.driver.findElement(By.id("attrs-card")).getText()).contains(IMG, BOLD);
        assertThat(dashboard.browser.driver.findElement(By.cssSelector(".timeline")).getText()).contains("FAIL: trainer said " + IMG);
        assertNothingRan();

        dashboard.browser.go("#/trials/" + tasksTrialId);
        dashboard.browser.awaitOne("main[data-ready='true']");
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("table.metrics")).getText()).contains(IMG, BOLD);
        String curves = showTip(".chart.curves", 0, 0);
        assertNothingRan();
        assertThat(curves).contains(IMG + " (#2)");
        dashboard.browser.screenshot("injection-trial");
        assertThat(dashboard.browser.pageErrors()).isEmpty();
    }

    /**
     * Shows the tooltip of one data item as hovering it would (ECharts' showTip action) and returns the tooltip's
     * visible text: the chart's box holds nothing else that is text.
     */
    private String showTip(String css, int seriesIndex, long dataIndex) {
        dashboard.browser.awaitOne(css + "[data-rendered='true']");
        dashboard.browser.js("window.branchwise.charts.get(document.querySelector(arguments[0]))"
                + ".dispatchAction({type: 'showTip', seriesIndex: arguments[1], dataIndex: arguments[2]})",
                css, seriesIndex, dataIndex);
        return dashboard.browser.await(d -> {
            String text = (String) dashboard.browser.js("return document.querySelector(arguments[0]).innerText", css);
            return text == null || text.isBlank() ? null : text;
        });
    }

    /**
     * No markup from the data became elements: the payload's image is nowhere (it would be created at once, its
     * error handler only after a failed load), nothing set the flag, and the page has no inline handlers at all.
     */
    private static void assertNothingRan() {
        assertThat(dashboard.browser.js("return document.querySelectorAll('img[src=\"x\"], b').length")).as("injected elements")
                .isEqualTo(0L);
        assertThat(dashboard.browser.js("return typeof window.__xss")).as("window.__xss").isEqualTo("undefined");
        assertThat(dashboard.browser.js("return [...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
                + ".filter(a => a.name.startsWith('on')).map(a => a.name)")).as("inline event handlers")
                .isEqualTo(List.of());
        assertThat(dashboard.browser.driver.findElement(By.tagName("body")).getText()).as("shown as text").contains(SHOWN);
    }

    private static String jsString(String text) {
        return PlainJson.write(text);
    }
}
