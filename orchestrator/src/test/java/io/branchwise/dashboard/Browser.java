package io.branchwise.dashboard;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven through Debian's chromedriver. Nothing is ever downloaded: the driver binary
 * is named, so Selenium Manager never runs. Without the two binaries (a developer machine) the calling test is
 * skipped with the install command, unless {@code BRANCHWISE_BROWSER_TESTS=required} (set by {@code .ci/run}),
 * where a missing browser fails the build instead of silently passing it.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Generous: two cores shared with other builds; an explicit wait returns as soon as its condition holds. */
    static final Duration WAIT = Duration.ofSeconds(30);

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final String base;

    private Browser(String base, int width, int height, boolean phone) {
        this.base = base;
        try {
            profile = Files.createTempDirectory("branchwise-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        if (phone) {
            // A phone's viewport, pixel ratio and touch, so the page's own viewport meta and media queries apply.
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", width, "height", height, "pixelRatio", 3.0, "touch", true)));
        }
        driver = new ChromeDriver(service, options);
        if (!phone) {
            driver.manage().window().setSize(new Dimension(width, height));
        }
    }

    /** Opens a browser on the server at {@code base} (e.g. http://127.0.0.1:1234), or skips the test. */
    static Browser open(String base) {
        return open(base, 1280, 900);
    }

    static Browser open(String base, int width, int height) {
        requireBinaries();
        return new Browser(base, width, height, false);
    }

    /** A phone-sized screen: 390 × 844 CSS pixels. */
    static Browser openPhone(String base) {
        requireBinaries();
        return new Browser(base, 390, 844, true);
    }

    static void requireBinaries() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "required".equals(System.getenv("BRANCHWISE_BROWSER_TESTS"))) {
            throw new AssertionError("browser tests are required here but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install -y chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "browser tests skipped: " + CHROMIUM + " and " + CHROMEDRIVER
                + " are needed (apt-get install -y chromium chromium-driver; .ci/run installs them)");
    }

    /** Loads a dashboard route such as {@code #/studies/3} as a fresh page (never just a hash change). */
    void go(String hashRoute) {
        driver.get("about:blank");
        driver.get(base + "/" + hashRoute);
    }

    /** Moves within the loaded page, as a link click does: no reload. */
    void navigate(String hashRoute) {
        js("location.hash = arguments[0]", hashRoute);
    }

    /** Marks the loaded document; {@link #sameDocument} is true only while no reload has happened since. */
    void markDocument() {
        js("window.__branchwiseTestMark = true");
    }

    boolean sameDocument() {
        return Boolean.TRUE.equals(js("return window.__branchwiseTestMark === true"));
    }

    /** Waits for {@code condition}; on a time-out saves a screenshot and says what the page reported. */
    <T> T await(ExpectedCondition<T> condition) {
        try {
            return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
        } catch (TimeoutException e) {
            Path shot = screenshot("timeout-" + System.currentTimeMillis());
            throw new AssertionError("timed out on " + driver.getCurrentUrl() + " (screenshot " + shot
                    + "); page errors: " + pageErrors(), e);
        }
    }

    /** Waits until {@code css} matches at least {@code n} elements, and returns them. */
    List<WebElement> awaitCount(String css, int n) {
        return await(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.size() >= n ? found : null;
        });
    }

    WebElement awaitOne(String css) {
        return awaitCount(css, 1).get(0);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The ECharts option of the chart in the container matched by {@code css}, as plain JSON-ish maps. */
    Object chart(String css, String expression) {
        return js("const c = window.branchwise.charts.get(document.querySelector(arguments[0]));"
                + " return c ? (function(o){ return " + expression + "; })(c.getOption()) : null;", css);
    }

    /** Saves the whole page (not just the viewport) as target/screenshots/{name}.png, a test artifact. */
    @SuppressWarnings("unchecked")
    Path screenshot(String name) {
        // Through the DevTools protocol, which chromedriver relays: it can capture below the fold.
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
                "width", Math.max(((Number) size.get("width")).doubleValue(),
                        ((Number) js("return window.innerWidth")).doubleValue()),
                "height", Math.min(8000, ((Number) size.get("height")).doubleValue()));
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Errors the page caught (uncaught exceptions, failed API calls it did not expect), for a no-errors check. */
    @SuppressWarnings("unchecked")
    List<String> pageErrors() {
        return (List<String>) js("return (window.branchwise && window.branchwise.errors) || []");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // A leftover temp profile is harmless.
            }
        }
    }
}
