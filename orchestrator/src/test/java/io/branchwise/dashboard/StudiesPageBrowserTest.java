package io.branchwise.dashboard;

import io.branchwise.space.study.StudyDirection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The studies page against a server holding a finished multi-task search and an Optuna client's study. */
@Timeout(300)
class StudiesPageBrowserTest {
    @RegisterExtension
    static final Dashboard dashboard = Dashboard.planted().failingIn("trial-1");

    @BeforeAll
    static void start() throws Exception {
        dashboard.plantedSearch("planted", 6);
        dashboard.server.optunaStudy("optuna-two-objectives", 40, List.of(StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE), 1);
    }

    @Test
    void listsEveryStudyWithItsKindDirectionsCountsAndBest() {
        dashboard.browser.go("#/studies");
        awaitRow("optuna-two-objectives");
        WebElement search = awaitRow("planted");
        assertThat(search.getDomAttribute("data-kind")).isEqualTo("search");
        assertThat(search.getText()).contains("MTL search", "maximize", "5 complete", "1 fail", "Δm +6.67%", "complete");
        WebElement optuna = awaitRow("optuna-two-objectives");
        assertThat(optuna.getDomAttribute("data-kind")).isEqualTo("optuna");
        assertThat(optuna.getText()).contains("Optuna", "minimize, maximize", "40", "36 complete", "4 fail");
        assertThat(dashboard.browser.driver.findElement(By.id("live")).getDomAttribute("data-state"))
                .as("the event stream is open").isEqualTo(dashboard.browser.await(d ->
                        "live".equals(d.findElement(By.id("live")).getDomAttribute("data-state")) ? "live" : null));
        dashboard.browser.screenshot("studies");
        assertThat(dashboard.browser.pageErrors()).isEmpty();
    }

    @Test
    void theServersSpecProblemsAreShownAtTheirFields() {
        dashboard.browser.go("#/studies");
        // Field problems first (the reader reports all of them at once)...
        String fields = DashboardServer.spec("bad", 0).replace("epochs: 4", "epochs: 0");
        List<WebElement> problems = validate(fields);
        List<String> paths = problems.stream().map(li -> li.getDomAttribute("data-path")).toList();
        assertThat(paths).containsExactlyInAnyOrder("search.trials", "training.epochs");
        assertThat(problem(problems, "search.trials").getText()).startsWith("line 12 · search.trials");
        assertThat(problem(problems, "training.epochs").getText()).startsWith("line 11 · training.epochs");
        List<WebElement> gutter = dashboard.browser.driver.findElements(By.cssSelector(".editor .gutter div"));
        assertThat(gutter).hasSize(fields.split("\n", -1).length);
        assertThat(gutter.get(11).getDomAttribute("class")).isEqualTo("error");
        assertThat(gutter.get(11).getText()).isEqualTo("! 12");
        assertThat(gutter.get(10).getDomAttribute("class")).isEqualTo("error");
        assertThat(gutter.get(0).getDomAttribute("class")).isNull();
        WebElement text = dashboard.browser.driver.findElement(By.id("spec-text"));
        assertThat(text.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(dashboard.browser.driver.findElement(By.id("spec-status")).getText()).contains("2 problems");
        dashboard.browser.screenshot("studies-spec-errors");

        // ...then what only the plugins can tell: an unknown task type, on line 7.
        String plugins = DashboardServer.spec("bad", 2)
                .replace("{name: b, type: fixture-regression, target: b}", "{name: b, type: ordinal, target: b}");
        problems = validate(plugins);
        WebElement typeProblem = problem(problems, "tasks[1].type");
        assertThat(typeProblem.getText()).startsWith("line 7 · tasks[1].type").contains("ordinal");
        gutter = dashboard.browser.driver.findElements(By.cssSelector(".editor .gutter div"));
        assertThat(gutter.get(6).getDomAttribute("class")).isEqualTo("error");
        assertThat(gutter.get(11).getDomAttribute("class")).as("the earlier marks are gone").isNull();

        // Going to the field selects its line in the editor.
        typeProblem.findElement(By.cssSelector("button")).click();
        long start = ((Number) dashboard.browser.js("return document.getElementById('spec-text').selectionStart")).longValue();
        assertThat(plugins.substring((int) start)).startsWith("  - {name: b, type: ordinal");
        assertThat(dashboard.browser.js("return document.activeElement.id")).isEqualTo("spec-text");

        // A valid spec clears the marks.
        dashboard.browser.js("const t = document.getElementById('spec-text'); t.value = arguments[0];"
                + " t.dispatchEvent(new Event('input'));", DashboardServer.spec("good", 2));
        dashboard.browser.driver.findElement(By.xpath("//button[text()='Validate']")).click();
        dashboard.browser.await(d -> d.findElement(By.id("spec-status")).getText().startsWith("The spec is valid"));
        assertThat(dashboard.browser.driver.findElements(By.cssSelector("#spec-errors li"))).isEmpty();
        assertThat(text.getDomAttribute("aria-invalid")).isNull();
        assertThat(dashboard.browser.driver.findElement(By.id("spec-status")).getText()).contains("tasks a, b, c");
        assertThat(dashboard.server.storage.allStudies()).as("validating stores nothing").noneMatch(s -> s.name().equals("good"));
    }

    private List<WebElement> validate(String spec) {
        dashboard.browser.js("document.getElementById('spec-errors').replaceChildren();"
                + " const t = document.getElementById('spec-text'); t.value = arguments[0];"
                + " t.dispatchEvent(new Event('input'));", spec);
        dashboard.browser.driver.findElement(By.xpath("//button[text()='Validate']")).click();
        return dashboard.browser.awaitCount("#spec-errors li", 1);
    }

    private static WebElement problem(List<WebElement> problems, String path) {
        return problems.stream().filter(li -> path.equals(li.getDomAttribute("data-path"))).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path));
    }

    @Test
    void deletingAStudyAsksFirstAndCancelKeepsIt() {
        long id = dashboard.server.optunaStudy("to-delete", 3, List.of(StudyDirection.MINIMIZE), 2);
        dashboard.browser.go("#/studies");
        WebElement row = awaitRow("to-delete");
        row.findElement(By.xpath(".//button[text()='Delete']")).click();
        WebElement dialog = dashboard.browser.awaitOne("dialog[open]");
        assertThat(dialog.getText()).contains("Delete to-delete?", "3 trials", "cannot be undone");
        dialog.findElement(By.xpath(".//button[text()='Cancel']")).click();
        dashboard.browser.await(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        assertThat(dashboard.server.storage.allStudies()).anyMatch(s -> s.id() == id);
        assertThat(awaitRow("to-delete").isDisplayed()).isTrue();

        awaitRow("to-delete").findElement(By.xpath(".//button[text()='Delete']")).click();
        dashboard.browser.awaitOne("dialog[open]").findElement(By.xpath(".//button[text()='Delete study']")).click();
        dashboard.browser.await(d -> d.findElements(By.cssSelector("table.studies tbody tr[data-study-id='" + id + "']")).isEmpty());
        assertThat(dashboard.server.storage.allStudies()).noneMatch(s -> s.id() == id);
        assertThat(dashboard.browser.pageErrors()).isEmpty();
    }

    private WebElement awaitRow(String name) {
        return dashboard.browser.await(d -> d.findElements(By.cssSelector("table.studies tbody tr[data-study-id]")).stream()
                .filter(r -> r.findElement(By.cssSelector("th a")).getText().equals(name)).findFirst().orElse(null));
    }
}
