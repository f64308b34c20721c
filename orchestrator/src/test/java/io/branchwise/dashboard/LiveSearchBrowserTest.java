package io.branchwise.dashboard;

import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages follow the event stream: a search started from the editor, or by another client, shows up and fills
 * its trials without a reload. The hosted launcher reports an epoch every 150 ms, so a small search takes seconds.
 */
@Timeout(300)
class LiveSearchBrowserTest {
    @TempDir
    static Path dir;
    static DemoLauncher launcher;
    static DashboardServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        Browser.requireBinaries();
        launcher = new DemoLauncher(List.of(List.of("a", "b"), List.of("c")), Duration.ofMillis(150), Set.of());
        server = new DashboardServer(dir, launcher);
        browser = Browser.open(server.base);
    }

    @AfterAll
    static void stop() {
        DashboardServer.closeAll(browser, server, launcher);
    }

    @Test
    void aSearchStartedFromTheEditorShowsItsTrialsAsTheyRun() {
        browser.go("#/studies");
        browser.awaitOne("main[data-loaded='true']");
        browser.markDocument();
        browser.js("const t = document.getElementById('spec-text'); t.value = arguments[0];"
                + " t.dispatchEvent(new Event('input'));", DashboardServer.spec("from-the-ui", 4));
        browser.driver.findElement(By.xpath("//button[text()='Start search']")).click();

        WebElement started = browser.await(d -> d.findElement(By.id("spec-status")).getText().startsWith("Started")
                ? d.findElement(By.cssSelector("#spec-status a")) : null);
        assertThat(started.getText()).isEqualTo("from-the-ui");
        // A study exists a moment before the search has stored its tasks: the row may first read as a plain
        // study, then as the search it is.
        browser.await(d -> "search".equals(awaitRow("from-the-ui").getDomAttribute("data-kind")) ? true : null);

        started.click();
        browser.awaitOne("main[data-ready='true']");
        // Trials appear while they run...
        browser.await(d -> rowStates().contains("RUNNING") ? true : null);
        browser.screenshot("live-search-running");
        // ...and finish, with the search, all on the page that was loaded once.
        browser.await(d -> rowStates().size() == 4 && rowStates().stream().allMatch(s -> s.equals("COMPLETE")) ? true : null);
        browser.await(d -> d.findElement(By.cssSelector(".study-header")).getText().contains("complete") ? true : null);
        browser.await(d -> d.findElement(By.cssSelector(".progress")).getText().startsWith("Search finished") ? true : null);
        long complete = server.storage.trials(server.storage.studyIdByName("from-the-ui"), -1, List.of()).stream()
                .filter(t -> t.state() == TrialState.COMPLETE).count();
        browser.await(d -> Long.valueOf(complete).equals(browser.chart(".chart.history", "o.series[0].data.length / 2")) ? true : null);
        browser.awaitOne("#recommendation-card .layout-tree");
        assertThat(browser.sameDocument()).as("no reload happened").isTrue();
        browser.screenshot("live-search-finished");
        assertThat(browser.pageErrors()).isEmpty();
    }

    @Test
    void aSearchStartedByAnotherClientAppearsOnTheOpenStudiesPage() throws Exception {
        browser.go("#/studies");
        browser.awaitOne("main[data-loaded='true']");
        browser.markDocument();
        HttpResponse<String> reply = server.post("/api/searches", DashboardServer.spec("from-elsewhere", 2),
                "application/yaml");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
        // Its row is redrawn as the search runs: read it again each time.
        browser.await(d -> awaitRow("from-elsewhere").getText().contains("2 complete") ? true : null);
        // The row may be redrawn between finding it and reading it: read it inside the retrying wait.
        browser.await(d -> "search".equals(awaitRow("from-elsewhere").getDomAttribute("data-kind")) ? true : null);
        assertThat(browser.sameDocument()).as("no reload happened").isTrue();
    }

    @Test
    void aRunningSearchCanBeStoppedFromItsPage() throws Exception {
        HttpResponse<String> reply = server.post("/api/searches", DashboardServer.spec("to-stop", 40),
                "application/yaml");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
        long id = server.storage.studyIdByName("to-stop");
        browser.go("#/studies/" + id);
        WebElement stop = browser.await(d -> d.findElements(By.xpath("//button[text()='Stop search']")).stream()
                .findFirst().orElse(null));
        stop.click();
        browser.awaitOne("dialog[open]").findElement(By.xpath(".//button[text()='Stop search']")).click();
        browser.await(d -> d.findElement(By.cssSelector(".study-header")).getText().contains("stopped") ? true : null);
        List<TrialRecord> trials = server.storage.trials(id, -1, List.of());
        assertThat(trials).as("stopped long before its 40 trials").hasSizeLessThan(40)
                .noneMatch(t -> t.state() == TrialState.RUNNING);
        assertThat(browser.driver.findElements(By.xpath("//button[text()='Stop search']")))
                .noneMatch(WebElement::isDisplayed);
    }

    @SuppressWarnings("unchecked")
    private static List<String> rowStates() {
        return (List<String>) browser.js("return [...document.querySelectorAll('table.trials tbody tr[data-trial-id]')]"
                + ".map(r => r.dataset.state)");
    }

    private static WebElement awaitRow(String name) {
        return browser.await(d -> d.findElements(By.cssSelector("table.studies tbody tr[data-study-id]")).stream()
                .filter(r -> r.findElement(By.cssSelector("th a")).getText().equals(name)).findFirst().orElse(null));
    }
}
