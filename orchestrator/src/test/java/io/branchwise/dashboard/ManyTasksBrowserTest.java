package io.branchwise.dashboard;

import io.branchwise.search.SearchResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search's page at 3, 14 and 40 tasks (named label1 … labelN, so the spec's order differs from the alphabet's):
 * the affinity heat map, whose values are of order 1e-3 as real ones often are, is labelled with a scale instead of
 * 0.00 everywhere; the layout tree and the Δ bars never overlap; the bars follow the spec's task order; table rows
 * stay one line high, long layouts cut with the whole string as the title. A screenshot of each is kept.
 */
@Timeout(300)
class ManyTasksBrowserTest {
    @TempDir
    Path dir;
    private DemoLauncher launcher;
    private DashboardServer server;
    private Browser browser;

    @AfterEach
    void stop() {
        DashboardServer.closeAll(browser, server, launcher);
    }

    private static String spec(List<String> tasks) {
        String list = String.join(", ", tasks);
        String taskLines = tasks.stream().map(t -> "  - {name: " + t + ", type: fixture-regression, target: " + t + "}")
                .collect(Collectors.joining("\n"));
        return """
                name: many
                seed: 5
                trainer: scripted
                data: {source: fixture, options: {rows: 32, targets: [LIST]}}
                tasks:
                TASKS
                space: {trunk_depth: [0, 1], branch_depth: 1, widths: [8], max_branches: 2, groupings: auto}
                weighting: {methods: [ew]}
                training: {epochs: 3}
                search: {trials: 3, parallel: 2, sampler: random, pruner: none, seeds: 2, affinity_every: 5,
                         baseline: {depth: 1, width: 8}}
                """.replace("LIST", list).replace("TASKS", taskLines);
    }

    @ParameterizedTest(name = "{0} tasks")
    @ValueSource(ints = {3, 14, 40})
    void theStudyPageStaysLegibleAndUnclutteredAtManyTasks(int n) throws Exception {
        Browser.requireBinaries();
        List<String> tasks = IntStream.rangeClosed(1, n).mapToObj(i -> "label" + i).toList();
        launcher = new DemoLauncher(List.of(tasks.subList(0, n / 2), tasks.subList(n / 2, n)), Duration.ZERO, Set.of())
                .affinityScale(0.003);
        server = new DashboardServer(dir, launcher);
        SearchResult search = server.runSearch(spec(tasks), launcher, dir.resolve("runs"));
        browser = Browser.open(server.base);
        browser.go("#/studies/" + search.studyId());
        browser.awaitOne("main[data-ready='true']");
        browser.awaitOne("#affinity-card .chart.affinity[data-rendered='true']");
        WebElement tree = browser.awaitOne("#recommendation-card .layout-tree");
        WebElement bars = browser.awaitOne("#recommendation-card .delta-bars");

        // Affinity ≈ 1e-3: cells read as multiples of 10^-3, with the scale stated.
        WebElement heatmap = browser.driver.findElement(By.cssSelector("#affinity-card .chart.affinity"));
        assertThat(heatmap.getDomAttribute("data-scale-exponent")).isEqualTo("3");
        assertThat((String) browser.chart(".chart.affinity", "o.title[0].text")).contains("× 10^3");
        String cell = (String) browser.chart(".chart.affinity",
                "o.series[0].label.formatter({value: o.series[0].data.find(d => d[0] !== d[1])})");
        assertThat(cell).isNotEqualTo("0.00").isNotEqualTo("-0.00").matches("-?\\d\\.\\d\\d");

        // Tree and bars side by side (or stacked on a narrow screen), never on top of each other.
        Map<?, ?> a = (Map<?, ?>) browser.js("const r = arguments[0].getBoundingClientRect();"
                + " return {l: r.left, r: r.right, t: r.top, b: r.bottom};", tree);
        Map<?, ?> b = (Map<?, ?>) browser.js("const r = arguments[0].getBoundingClientRect();"
                + " return {l: r.left, r: r.right, t: r.top, b: r.bottom};", bars);
        boolean apart = num(a, "r") <= num(b, "l") + 0.5 || num(b, "r") <= num(a, "l") + 0.5
                || num(a, "b") <= num(b, "t") + 0.5 || num(b, "b") <= num(a, "t") + 0.5;
        assertThat(apart).as("tree %s and bars %s overlap", a, b).isTrue();

        // The spec's task order, not the alphabet's (label10 does not come after label1).
        List<String> order = new ArrayList<>();
        for (WebElement row : bars.findElements(By.cssSelector(".bar-row"))) {
            order.add(row.getDomAttribute("data-task"));
        }
        assertThat(order).containsExactlyElementsOf(tasks);
        List<String> heads = tree.findElements(By.cssSelector("g.head")).stream()
                .map(g -> g.getDomAttribute("data-task")).toList();
        assertThat(heads).as("the tree's heads too").containsExactlyElementsOf(tasks);

        // Compact table rows; a long layout is cut, whole in its title.
        List<WebElement> rows = browser.awaitCount("table.trials tbody tr[data-trial-id]", 1);
        for (WebElement row : rows) {
            assertThat(row.getRect().getHeight()).as("one line high").isLessThan(48);
            for (WebElement code : row.findElements(By.cssSelector("code.layout"))) {
                assertThat(code.getDomAttribute("title")).isNotBlank();
                assertThat(code.getRect().getWidth()).isLessThanOrEqualTo(28 * 16 + 1);
                assertThat(namedInOrder(code.getDomAttribute("title"), tasks)).as("layouts in the spec's task order: %s",
                        code.getDomAttribute("title")).isTrue();
            }
        }
        for (WebElement row : browser.driver.findElements(By.cssSelector("#recommendation-card table tbody tr"))) {
            assertThat(row.getRect().getHeight()).as("finalists and references: one line each").isLessThan(48);
            for (WebElement code : row.findElements(By.cssSelector("code.layout"))) {
                assertThat(namedInOrder(code.getDomAttribute("title"), tasks)).as(code.getDomAttribute("title")).isTrue();
            }
        }
        browser.screenshot("study-" + n + "-tasks");
    }

    /** Whether the heads of every innermost block of a layout string come in {@code tasks}' order (label2 before label10). */
    private static boolean namedInOrder(String layout, List<String> tasks) {
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("\\[([^\\[\\]]+)]").matcher(layout);
        boolean any = false;
        while (block.find()) {
            List<Integer> ranks = java.util.Arrays.stream(block.group(1).split(",")).map(tasks::indexOf).toList();
            if (ranks.contains(-1) || !ranks.equals(ranks.stream().sorted().toList())) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private static double num(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }
}
