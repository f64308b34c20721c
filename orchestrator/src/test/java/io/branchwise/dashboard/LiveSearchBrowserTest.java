package io.branchwise.dashboard;

import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages follow the event stream: a search started from the editor, or by another client, shows up and fills
 * its trials without a reload. The hosted launcher reports an epoch every 150 ms, so a small search takes seconds.
 */
@Timeout(300)
class LiveSearchBrowserTest {
    @RegisterExtension
    static final Dashboard dashboard = Dashboard.planted().pacedAt(Duration.ofMillis(150));

    @Test
    void aSearchStartedFromTheEditorShowsItsTrialsAsTheyRun() {
        dashboard.browser.go("#/studies");
        dashboard.browser.awaitOne("main[data-loaded='true']");
        dashboard.browser.markDocument();
        dashboard.browser.js("const t = document.getElementById('spec-text'); t.value = arguments[0];"
                + " t.dispatchEvent(new Event('input'));", DashboardServer.spec("from-the-ui", 4));
        dashboard.browser.driver.findElement(By.xpath("//button[text()='Start search']")).click();

        WebElement started = dashboard.browser.await(d -> d.findElement(By.id("spec-status")).getText().startsWith("Started")
                ? d.findElement(By.cssSelector("#spec-status a")) : null);
        assertThat(started.getText()).isEqualTo("from-the-ui");
        // A study exists a moment before the search has stored its tasks: the row may first read as a plain
        // study, then as the search it is.
        dashboard.browser.await(d -> "search".equals(awaitRow("from-the-ui").getDomAttribute("data-kind")) ? true : null);

        started.click();
        dashboard.browser.awaitOne("main[data-ready='true']");
        // Trials appear while they run...
        dashboard.browser.await(d -> rowStates().contains("RUNNING") ? true : null);
        dashboard.browser.screenshot("live-search-running");
        // ...and finish, with the search, all on the page that was loaded once.
        dashboard.browser.await(d -> rowStates().size() == 4 && rowStates().stream().allMatch(s -> s.equals("COMPLETE")) ? true : null);
        dashboard.browser.await(d -> d.findElement(By.cssSelector(".study-header")).getText().contains("complete") ? true : null);
        dashboard.browser.await(d -> d.findElement(By.cssSelector(".progress")).getText().startsWith("Search finished") ? true : null);
        long complete = dashboard.server.storage.trials(dashboard.server.storage.studyIdByName("from-the-ui"), -1, List.of()).stream()
                .filter(t -> t.state() == TrialState.COMPLETE).count();
        dashboard.browser.await(d -> Long.valueOf(complete).equals(dashboard.browser.chart(".chart.history", "o.series[0].data.length / 2")) ? true : null);
        dashboard.browser.awaitOne("#recommendation-card .layout-tree");
        assertThat(dashboard.browser.sameDocument()).as("no reload happened").isTrue();
        dashboard.browser.screenshot("live-search-finished");
        assertThat(dashboard.browser.pageErrors()).isEmpty();
    }

    @Test
    void aSearchStartedByAnotherClientAppearsOnTheOpenStudiesPage() throws Exception {
        dashboard.browser.go("#/studies");
        dashboard.browser.awaitOne("main[data-loaded='true']");
        dashboard.browser.markDocument();
        HttpResponse<String> reply = dashboard.server.post("/api/searches", DashboardServer.spec("from-elsewhere", 2),
                "application/yaml");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
        // Its row is redrawn as the search runs: read it again each time.
        dashboard.browser.await(d -> awaitRow("from-elsewhere").getText().contains("2 complete") ? true : null);
        // The row may be redrawn between finding it and reading it: read it inside the retrying wait.
        dashboard.browser.await(d -> "search".equals(awaitRow("from-elsewhere").getDomAttribute("data-kind")) ? true : null);
        assertThat(dashboard.browser.sameDocument()).as("no reload happened").isTrue();
    }

    @Test
    void aRunningSearchCanBeStoppedFromItsPage() throws Exception {
        HttpResponse<String> reply = dashboard.server.post("/api/searches", DashboardServer.spec("to-stop", 40),
                "application/yaml");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
        long id = dashboard.server.storage.studyIdByName("to-stop");
        dashboard.browser.go("#/studies/" + id);
        WebElement stop = dashboard.browser.await(d -> d.findElements(By.xpath("//button[text()='Stop search']")).stream()
                .findFirst().orElse(null));
        stop.click();
        dashboard.browser.awaitOne("dialog[open]").findElement(By.xpath(".//button[text()='Stop search']")).click();
        dashboard.browser.await(d -> d.findElement(By.cssSelector(".study-header")).getText().contains("stopped") ? true : null);
        List<TrialRecord> trials = dashboard.server.storage.trials(id, -1, List.of());
        assertThat(trials).as("stopped long before its 40 trials").hasSizeLessThan(40)
                .noneMatch(t -> t.state() == TrialState.RUNNING);
        assertThat(dashboard.browser.driver.findElements(By.xpath("//button[text()='Stop search']")))
                .noneMatch(WebElement::isDisplayed);
    }

    @SuppressWarnings("unchecked")
    private static List<String> rowStates() {
        return (List<String>) dashboard.browser.js("return [...document.querySelectorAll('table.trials tbody tr[data-trial-id]')]"
                + ".map(r => r.dataset.state)");
    }

    private static WebElement awaitRow(String name) {
        return dashboard.browser.await(d -> d.findElements(By.cssSelector("table.studies tbody tr[data-study-id]")).stream()
                .filter(r -> r.findElement(By.cssSelector("th a")).getText().equals(name)).findFirst().orElse(null));
    }
}
