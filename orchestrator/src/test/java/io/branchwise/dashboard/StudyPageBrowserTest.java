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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The study page against a finished multi-task search (tasks a, b, c; a and b planted friends; trial 1 failed) and
 * an Optuna client's two-objective study: charts present with the right series, the table's server-side paging,
 * sorting and filters, the layout tree's leaves, and red, labelled, striped bars for the tasks a trial hurts.
 */
@Timeout(300)
class StudyPageBrowserTest {
    @RegisterExtension
    static final Dashboard dashboard = Dashboard.planted().failingIn("trial-1");
    static SearchResult search;
    static long optunaId;

    @BeforeAll
    static void start() throws Exception {
        search = dashboard.plantedSearch("planted", 6);
        optunaId = dashboard.server.optunaStudy("optuna-two-objectives", 40,
                List.of(StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE), 1);
    }

    private static List<TrialRecord> trials(long studyId) {
        return dashboard.server.storage.trials(studyId, -1, List.of());
    }

    @Test
    void aSearchShowsHistoryTrialsAffinityTheRecommendedTreeAndDeltas() {
        List<TrialRecord> trials = trials(search.studyId());
        long complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count();
        dashboard.browser.go("#/studies/" + search.studyId());
        dashboard.browser.awaitOne("main[data-ready='true']");

        // History: one series of points (complete trials) and the best-so-far line; both are flat
        // [number, value, ...] arrays.
        assertThat(dashboard.browser.chart(".chart.history", "o.series.map(s => s.type)")).isEqualTo(List.of("scatter", "line"));
        assertThat(((Number) dashboard.browser.chart(".chart.history", "o.series[0].data.length / 2")).longValue()).isEqualTo(complete);
        assertThat(((Number) dashboard.browser.chart(".chart.history", "o.series[1].data.at(-1)")).doubleValue())
                .isEqualTo(search.recommendation().deltaM());

        // Trial table: every trial, the failed one marked.
        List<WebElement> rows = dashboard.browser.awaitCount("table.trials tbody tr[data-trial-id]", trials.size());
        assertThat(rows).hasSize(trials.size());
        assertThat(rows.stream().map(r -> r.getDomAttribute("data-state")).toList())
                .isEqualTo(trials.stream().map(t -> t.state().name()).toList());

        // The recommended layout as a tree: a trunkless split into {a, b} and {c}, one head per task.
        WebElement tree = dashboard.browser.awaitOne("#recommendation-card .layout-tree");
        assertThat(tree.getDomAttribute("data-layout")).isEqualTo(search.recommendation().layout());
        assertThat(tree.findElements(By.cssSelector("g.head")).stream().map(g -> g.getDomAttribute("data-task")).toList())
                .containsExactly("a", "b", "c");
        assertThat(tree.findElements(By.cssSelector("g.block.branch")).stream()
                .map(g -> g.getDomAttribute("data-tasks") + "@" + g.getDomAttribute("data-depth") + "x" + g.getDomAttribute("data-width")))
                .containsExactly("a,b@1x8", "c@1x8");
        assertThat(tree.findElement(By.cssSelector("svg")).getDomAttribute("aria-label")).contains("Heads: a, b, c");

        // Its Δ per task: a and b gain (friends), c unchanged; no red.
        List<WebElement> bars = dashboard.browser.driver.findElements(By.cssSelector("#recommendation-card .bar-row"));
        assertThat(bars).extracting(b -> b.getDomAttribute("data-task")).containsExactly("a", "b", "c");
        assertThat(bars.get(0).getText()).contains("+10.00%");
        assertThat(dashboard.browser.driver.findElements(By.cssSelector("#recommendation-card .bar-row.negative"))).isEmpty();
        // Chosen on 3 seeds: each Δ with its interval (the scripted trainer has no seed noise) and a whisker, the
        // headline Δm with its interval, and the finalists' table with the chosen one starred.
        assertThat(bars.get(0).getText()).contains("+10.00% [+10.00%, +10.00%] · noise ±0");
        assertThat(bars.get(0).findElements(By.cssSelector(".whisker"))).hasSize(1);
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("#recommendation-card p")).getText())
                .contains("on 3 seeds (validation; 95% interval)").contains(", test +6.67%");
        List<WebElement> finalists = dashboard.browser.driver.findElements(By.cssSelector("#recommendation-card table.finalists tbody tr"));
        assertThat(finalists).hasSizeGreaterThanOrEqualTo(3);
        assertThat(dashboard.browser.driver.findElements(By.cssSelector("#recommendation-card table.finalists tr.chosen th")))
                .singleElement().extracting(WebElement::getText).asString().startsWith("★ trial ");

        // The affinity heatmap: every pair, values written in the cells.
        dashboard.browser.awaitOne("#affinity-card .chart.affinity[data-rendered='true']");
        assertThat(((Number) dashboard.browser.chart(".chart.affinity", "o.series[0].data.length")).intValue()).isEqualTo(9);
        assertThat(dashboard.browser.chart(".chart.affinity", "o.xAxis[0].data")).isEqualTo(List.of("a", "b", "c"));
        assertThat(dashboard.browser.driver.findElement(By.id("affinity-card")).getText()).contains("{a, b} | {c}");

        // Curves of the recommended trial: each task and its single-task reference.
        dashboard.browser.awaitOne(".chart.curves[data-rendered='true']");
        assertThat(dashboard.browser.chart(".chart.curves", "o.series.map(s => s.name)")).isEqualTo(List.of(
                "a (#" + search.recommendation().trialNumber() + ")", "a alone (STL)",
                "b (#" + search.recommendation().trialNumber() + ")", "b alone (STL)",
                "c (#" + search.recommendation().trialNumber() + ")", "c alone (STL)"));

        // Parallel coordinates over the parameters plus Δm; importance ranks the same parameters.
        dashboard.browser.awaitOne(".chart.parallel[data-rendered='true']");
        long params = trials.stream().flatMap(t -> t.params().keySet().stream()).distinct().count();
        assertThat(((Number) dashboard.browser.chart(".chart.parallel", "o.parallelAxis.length")).longValue()).isEqualTo(params + 1);
        assertThat(((Number) dashboard.browser.chart(".chart.parallel", "o.series[0].data.length")).longValue()).isEqualTo(complete);
        dashboard.browser.awaitOne(".chart.importance[data-rendered='true']");
        assertThat(((Number) dashboard.browser.chart(".chart.importance", "o.yAxis[0].data.length")).intValue()).isPositive();

        dashboard.browser.screenshot("study-search");
        assertThat(dashboard.browser.pageErrors()).isEmpty();
    }

    @Test
    void selectingAHurtingTrialShowsItsNegativeTransferInRedWithWordsAndStripes() {
        List<TrialRecord> trials = trials(search.studyId());
        TrialRecord hurting = trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
                .filter(t -> !((List<?>) PlainJson.read(t.systemAttributes().get("branchwise:negative_transfer"))).isEmpty())
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<String> hurt = (List<String>) PlainJson.read(hurting.systemAttributes().get("branchwise:negative_transfer"));
        dashboard.browser.go("#/studies/" + search.studyId());
        dashboard.browser.awaitOne("main[data-ready='true']");
        WebElement row = dashboard.browser.awaitOne("table.trials tbody tr[data-trial-id='" + hurting.id() + "']");
        assertThat(row.getText()).contains("⚠ " + String.join(", ", hurt));

        // Keyboard: focus the row, Enter selects it.
        dashboard.browser.js("arguments[0].focus()", row);
        row.sendKeys(Keys.ENTER);
        dashboard.browser.await(d -> "true".equals(row.getDomAttribute("aria-selected")) ? row : null);
        dashboard.browser.awaitOne(".chart.curves[data-trial-id='" + hurting.id() + "'][data-rendered='true']");
        List<WebElement> negative = dashboard.browser.awaitCount("#curves-card .trial-delta .bar-row.negative", hurt.size());
        assertThat(negative).extracting(b -> b.getDomAttribute("data-task")).containsExactlyElementsOf(hurt);
        for (WebElement bar : negative) {
            assertThat(bar.getText()).contains("⚠", "negative transfer", "−");
            WebElement fill = bar.findElement(By.cssSelector(".bar"));
            assertThat(fill.getCssValue("background-color")).isEqualTo("rgba(220, 38, 38, 1)");
            assertThat(fill.getCssValue("background-image")).as("a pattern, not colour alone")
                    .startsWith("repeating-linear-gradient");
        }
        assertThat(dashboard.browser.driver.findElements(By.cssSelector("#curves-card .trial-delta .bar-row:not(.negative) .bar")))
                .allSatisfy(b -> assertThat(b.getCssValue("background-color")).isNotEqualTo("rgba(220, 38, 38, 1)"));

        // Arrow keys move between rows.
        row.sendKeys(Keys.ARROW_DOWN);
        assertThat(dashboard.browser.js("return document.activeElement.dataset.trialId"))
                .isEqualTo(String.valueOf(trials.get(trials.indexOf(hurting) + 1).id()));
        dashboard.browser.screenshot("study-search-selected-trial");
    }

    @Test
    void theTrialTablePagesSortsAndFiltersOnTheServer() {
        List<TrialRecord> trials = trials(optunaId);
        dashboard.browser.go("#/studies/" + optunaId);
        dashboard.browser.awaitOne("main[data-ready='true']");
        assertThat(dashboard.browser.awaitCount("table.trials tbody tr[data-trial-id]", 40)).hasSize(40);

        new Select(dashboard.browser.driver.findElement(By.cssSelector("select[aria-label='Rows per page']"))).selectByValue("25");
        awaitInfo("Trials 1–25 of 40");
        assertThat(rowNumbers()).isEqualTo(range(0, 25));
        dashboard.browser.driver.findElement(By.xpath("//button[contains(., 'Next')]")).click();
        awaitInfo("Trials 26–40 of 40");
        assertThat(rowNumbers()).isEqualTo(range(25, 40));
        assertThat(dashboard.browser.driver.findElement(By.xpath("//button[contains(., 'Next')]")).isEnabled()).isFalse();
        dashboard.browser.driver.findElement(By.xpath("//button[contains(., 'Previous')]")).click();
        awaitInfo("Trials 1–25 of 40");

        // Sort by value: the first objective, ascending, failed trials (no value) last.
        List<TrialRecord> byValue = trials.stream().filter(t -> !t.values().isEmpty())
                .sorted(Comparator.comparingDouble(t -> t.values().get(0))).toList();
        dashboard.browser.driver.findElement(By.cssSelector("button.sort[data-key='value']")).click();
        dashboard.browser.await(d -> rowNumbers().get(0).equals(byValue.get(0).number()) ? true : null);
        assertThat(rowNumbers()).isEqualTo(byValue.subList(0, 25).stream().map(TrialRecord::number).toList());
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("th[aria-sort='ascending'] button")).getDomAttribute("data-key"))
                .isEqualTo("value");
        dashboard.browser.driver.findElement(By.cssSelector("button.sort[data-key='value']")).click();
        dashboard.browser.await(d -> rowNumbers().get(0).equals(byValue.get(byValue.size() - 1).number()) ? true : null);

        // Filter by state.
        dashboard.browser.driver.findElement(By.cssSelector("input[name='state'][value='FAIL']")).click();
        dashboard.browser.await(d -> rowStates().equals(List.of("FAIL", "FAIL", "FAIL", "FAIL")) ? true : null);
        awaitInfo("Trials 1–4 of 4");
        dashboard.browser.driver.findElement(By.cssSelector("input[name='state'][value='FAIL']")).click();
        awaitInfo("of 40");

        // Filter by a parameter's range.
        List<Long> inRange = trials.stream().filter(t -> t.params().get("x") <= 0.25).map(TrialRecord::number).sorted().toList();
        new Select(dashboard.browser.driver.findElement(By.id("range-param"))).selectByValue("x");
        dashboard.browser.driver.findElement(By.id("range-max")).sendKeys("0.25");
        dashboard.browser.driver.findElement(By.xpath("//form[@class='range']//button[text()='Filter']")).click();
        awaitInfo("of " + inRange.size());
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("table.trials")).getDomAttribute("data-total"))
                .isEqualTo(String.valueOf(inRange.size()));

        // A categorical parameter filters by its choice.
        long sgd = trials.stream().filter(t -> t.params().get("optimizer") == 1.0).count();
        new Select(dashboard.browser.driver.findElement(By.id("range-param"))).selectByValue("optimizer");
        new Select(dashboard.browser.driver.findElement(By.id("range-choice"))).selectByVisibleText("sgd");
        dashboard.browser.driver.findElement(By.xpath("//form[@class='range']//button[text()='Filter']")).click();
        awaitInfo("of " + sgd);

        // Jump to a trial by number.
        dashboard.browser.driver.findElement(By.id("jump-number")).sendKeys("7", Keys.ENTER);
        dashboard.browser.await(d -> d.getCurrentUrl().endsWith("#/trials/" + trials.get(7).id()) ? true : null);
        dashboard.browser.awaitOne("main[data-ready='true'] h1");
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("main h1")).getText()).startsWith("Trial #7");
    }

    @Test
    void anOptunaStudyShowsItsParetoFrontAndHoverNamesTheTrial() {
        List<TrialRecord> complete = trials(optunaId).stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        long front = complete.stream().filter(t -> complete.stream().noneMatch(o -> dominates(o, t))).count();
        dashboard.browser.go("#/studies/" + optunaId);
        dashboard.browser.awaitOne("main[data-ready='true']");
        dashboard.browser.awaitOne(".chart.pareto[data-rendered='true']");
        assertThat(dashboard.browser.chart(".chart.pareto", "o.series.map(s => s.name)"))
                .isEqualTo(List.of("Dominated trials", "Pareto front"));
        assertThat(((Number) dashboard.browser.chart(".chart.pareto", "o.series[1].data.length")).longValue()).isEqualTo(front);
        assertThat(((Number) dashboard.browser.chart(".chart.pareto", "o.series[0].data.length")).longValue())
                .isEqualTo(complete.size() - front);

        // Hovering a front point shows its trial.
        Object number = dashboard.browser.js("const el = document.querySelector('.chart.pareto');"
                + " const c = window.branchwise.charts.get(el); const p = c.getOption().series[1].data[0];"
                + " const [x, y] = c.convertToPixel({seriesIndex: 1}, [p[0], p[1]]);"
                + " c.getZr().handler.dispatch('mousemove', {zrX: x, zrY: y}); return p[2];");
        WebElement tip = dashboard.browser.await(d -> d.findElements(By.cssSelector(".chart.pareto div")).stream()
                .filter(e -> e.getText().startsWith("Trial #")).findFirst().orElse(null));
        assertThat(tip.getText()).startsWith("Trial #" + number).contains("objective 0 ↓", "objective 1 ↑");

        // The history's log scale toggle (all values are positive here).
        WebElement log = dashboard.browser.driver.findElement(By.id("log-scale"));
        assertThat(log.isEnabled()).isTrue();
        log.click();
        dashboard.browser.await(d -> "log".equals(dashboard.browser.chart(".chart.history", "o.yAxis[0].type")) ? true : null);
        // Two objectives: one history per objective, chosen with a select.
        new Select(dashboard.browser.driver.findElement(By.id("objective"))).selectByValue("1");
        dashboard.browser.await(d -> String.valueOf(dashboard.browser.chart(".chart.history", "o.yAxis[0].name")).contains("higher is better") ? true : null);

        dashboard.browser.awaitOne(".chart.curves[data-rendered='true']");
        assertThat(dashboard.browser.chart(".chart.curves", "o.series.length")).isEqualTo(1L);
        dashboard.browser.screenshot("study-optuna");
        assertThat(dashboard.browser.pageErrors()).isEmpty();
    }

    @Test
    void aPerTaskSearchIsAThreeObjectiveParetoSearchWhoseAxesAreChosen() throws Exception {
        SearchResult perTask = dashboard.server.runSearch(DashboardServer.spec("per-task", 6)
                .replace("sampler: random,", "sampler: random, objective: per_task,"), dashboard.launcher, dashboard.dir.resolve("runs"));
        dashboard.browser.go("#/studies/" + perTask.studyId());
        dashboard.browser.awaitOne("main[data-ready='true']");
        assertThat(dashboard.browser.driver.findElement(By.cssSelector("table.trials thead")).getText())
                .contains("Values (per task)", "Δm (positive = better)");
        assertThat(new Select(dashboard.browser.driver.findElement(By.id("objective"))).getOptions())
                .extracting(WebElement::getText).containsExactly("a rmse", "b rmse", "c rmse");

        dashboard.browser.awaitOne(".chart.pareto[data-rendered='true']");
        Select y = new Select(dashboard.browser.driver.findElement(By.id("pareto-y")));
        assertThat(y.getOptions()).extracting(WebElement::getText).containsExactly("a rmse", "b rmse", "c rmse");
        assertThat(dashboard.browser.chart(".chart.pareto", "o.yAxis[0].name")).asString().startsWith("b rmse ↓");
        y.selectByVisibleText("c rmse");
        dashboard.browser.await(d -> String.valueOf(dashboard.browser.chart(".chart.pareto", "o.yAxis[0].name")).startsWith("c rmse") ? true : null);
        // The front is over all three objectives, whichever two are drawn.
        List<TrialRecord> complete = trials(perTask.studyId()).stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        long front = complete.stream().filter(t -> complete.stream().noneMatch(o -> dominatesAll(o, t))).count();
        assertThat(((Number) dashboard.browser.chart(".chart.pareto", "o.series[1].data.length")).longValue()).isEqualTo(front);
        dashboard.browser.screenshot("study-per-task-pareto");
        assertThat(dashboard.browser.pageErrors()).isEmpty();
    }

    /** Every objective minimised (rmse): a is no worse anywhere and better somewhere. */
    private static boolean dominatesAll(TrialRecord a, TrialRecord b) {
        boolean better = false;
        for (int k = 0; k < a.values().size(); k++) {
            if (a.values().get(k) > b.values().get(k)) {
                return false;
            }
            better |= a.values().get(k) < b.values().get(k);
        }
        return better;
    }

    private static boolean dominates(TrialRecord a, TrialRecord b) {
        double a0 = a.values().get(0), b0 = b.values().get(0), a1 = a.values().get(1), b1 = b.values().get(1);
        return a0 <= b0 && a1 >= b1 && (a0 < b0 || a1 > b1);
    }

    private void awaitInfo(String text) {
        dashboard.browser.await(d -> d.findElement(By.cssSelector(".pager-info")).getText().contains(text) ? true : null);
    }

    /** Read in one script, so a table being replaced is never seen half old, half new. */
    @SuppressWarnings("unchecked")
    private List<Long> rowNumbers() {
        return ((List<String>) dashboard.browser.js("return [...document.querySelectorAll('table.trials tbody tr[data-trial-id]')]"
                + ".map(r => r.dataset.number)")).stream().map(Long::parseLong).toList();
    }

    @SuppressWarnings("unchecked")
    private List<String> rowStates() {
        return (List<String>) dashboard.browser.js("return [...document.querySelectorAll('table.trials tbody tr[data-trial-id]')]"
                + ".map(r => r.dataset.state)");
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.range(from, to).boxed().toList();
    }
}
