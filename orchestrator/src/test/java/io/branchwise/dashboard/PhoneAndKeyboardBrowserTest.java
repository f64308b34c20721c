package io.branchwise.dashboard;

import io.branchwise.search.SearchResult;
import io.branchwise.storage.TrialRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page on a phone-sized screen without the body scrolling sideways (wide tables and figures scroll inside
 * their own boxes), and the main path through the dashboard by keyboard alone.
 */
@Timeout(300)
class PhoneAndKeyboardBrowserTest {
    @RegisterExtension
    static final Dashboard dashboard = Dashboard.planted().failingIn("trial-1").withoutBrowser();
    static SearchResult search;

    @BeforeAll
    static void start() throws Exception {
        search = dashboard.plantedSearch("planted", 6);
    }

    @Test
    void everyPageFitsAPhoneScreenWithoutSidewaysScrolling() {
        TrialRecord recommended = dashboard.server.storage.trials(search.studyId(), -1, List.of())
                .get(search.recommendation().trialNumber());
        try (Browser phone = Browser.openPhone(dashboard.server.base)) {
            phone.go("#/studies");
            phone.awaitOne("main[data-loaded='true']");
            assertThat(phone.js("return window.innerWidth")).as("the page's viewport is the phone's").isEqualTo(390L);
            assertNoSidewaysScroll(phone, "studies");

            phone.go("#/studies/" + search.studyId());
            phone.awaitOne("main[data-settled='true']");
            phone.awaitOne("#recommendation-card .layout-tree");
            assertNoSidewaysScroll(phone, "study");
            assertThat(phone.driver.findElement(By.cssSelector(".chart.history")).getSize().getWidth())
                    .as("the chart fits the screen").isLessThanOrEqualTo(390);

            phone.go("#/trials/" + recommended.id());
            phone.awaitOne("main[data-ready='true']");
            assertNoSidewaysScroll(phone, "trial");
        }
    }

    private static void assertNoSidewaysScroll(Browser phone, String page) {
        long overflow = ((Number) phone.js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
        assertThat(overflow).as(page + " page scrolls sideways by " + overflow + " px").isLessThanOrEqualTo(0);
        phone.screenshot("phone-" + page);
        assertThat(phone.pageErrors()).isEmpty();
    }

    @Test
    void theMainPathWorksByKeyboardAlone() {
        try (Browser browser = Browser.open(dashboard.server.base)) {
            browser.go("#/studies");
            browser.awaitOne("main[data-loaded='true']");
            // Tab to the study's link and follow it.
            WebElement link = tabUntil(browser, "a[href='#/studies/" + search.studyId() + "']");
            link.sendKeys(Keys.ENTER);
            browser.awaitOne("main[data-ready='true']");

            // Tab into the trial table; rows take focus; Enter selects, arrows move.
            WebElement row = tabUntil(browser, "table.trials tbody tr[data-trial-id]");
            assertThat(row.getDomAttribute("data-number")).isEqualTo("0");
            new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
            browser.await(d -> "true".equals(row.getDomAttribute("aria-selected")) ? true : null);
            new Actions(browser.driver).sendKeys(Keys.ARROW_DOWN).perform();
            assertThat(browser.js("return document.activeElement.dataset.number")).isEqualTo("1");

            // The sort buttons, the state filter and the pager are ordinary controls.
            WebElement sort = tabUntil(browser, "button.sort[data-key='value']");
            new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
            browser.await(d -> "ascending".equals(sort.getDomAttribute("data-dir")) ? true : null);
            assertThat(browser.driver.findElement(By.cssSelector("th[aria-sort='ascending']")).getText()).startsWith("Δm");

            // A destructive action asks first; Escape cancels it.
            browser.go("#/studies");
            browser.awaitOne("main[data-loaded='true']");
            tabUntil(browser, "button[aria-label='Delete study planted']");
            new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
            browser.awaitOne("dialog[open]");
            assertThat(browser.js("return document.activeElement.textContent")).as("focus starts on Cancel").isEqualTo("Cancel");
            new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
            browser.await(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty() ? true : null);
            assertThat(dashboard.server.storage.allStudies()).anyMatch(s -> s.id() == search.studyId());
        }
    }

    /** Presses Tab until the focused element matches {@code css}; fails after 60 presses. */
    private static WebElement tabUntil(Browser browser, String css) {
        for (int i = 0; i < 60; i++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            if (Boolean.TRUE.equals(browser.js("return document.activeElement.matches(arguments[0])", css))) {
                return (WebElement) browser.js("return document.activeElement");
            }
        }
        throw new AssertionError("Tab never reached " + css + "; stuck at "
                + browser.js("return document.activeElement.outerHTML.slice(0, 200)"));
    }
}
