package io.branchwise.dashboard;

import io.branchwise.search.SearchResult;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A browser test class's fixture, registered with {@code @RegisterExtension static final Dashboard dashboard = …}:
 * a temporary folder, a {@link DemoLauncher} playing planted groups, a {@link DashboardServer} over a fresh database
 * and, unless told otherwise, a desktop-size {@link Browser} on it — opened before the class's own
 * {@code @BeforeAll} (which seeds its data) and closed after its tests, each part even when another fails to close.
 * Skips the class when the browser binaries are missing (fails it when they are required).
 */
final class Dashboard implements BeforeAllCallback, AfterAllCallback {
    private final List<List<String>> groups;
    private Duration epochPace = Duration.ZERO;
    private Set<String> failIn = Set.of();
    private boolean openBrowser = true;

    Path dir;
    DemoLauncher launcher;
    DashboardServer server;
    Browser browser;

    private Dashboard(List<List<String>> groups) {
        this.groups = groups;
    }

    /** Tasks a and b planted as friends, c a stranger: the planted search of {@link DashboardServer#spec}. */
    static Dashboard planted() {
        return new Dashboard(List.of(List.of("a", "b"), List.of("c")));
    }

    static Dashboard of(List<List<String>> groups) {
        return new Dashboard(groups);
    }

    /** Trials whose work folder is one of these fail with a trainer-style reason. */
    Dashboard failingIn(String... folders) {
        this.failIn = Set.of(folders);
        return this;
    }

    /** Each epoch reported this long after the last, so a search runs long enough to be watched. */
    Dashboard pacedAt(Duration pace) {
        this.epochPace = pace;
        return this;
    }

    /** For classes that open their own browsers (a phone-size one, say). */
    Dashboard withoutBrowser() {
        this.openBrowser = false;
        return this;
    }

    /** The planted search run to its end straight through the storage, {@code trials} trials. */
    SearchResult plantedSearch(String name, int trials) throws InterruptedException {
        return server.runSearch(DashboardServer.spec(name, trials), launcher, dir.resolve("runs"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Browser.requireBinaries();
        dir = Files.createTempDirectory("dashboard-");
        launcher = new DemoLauncher(groups, epochPace, failIn);
        server = new DashboardServer(dir, launcher);
        if (openBrowser) {
            browser = Browser.open(server.base);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            DashboardServer.closeAll(browser, server, launcher);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test folder " + dir, e);
        }
    }
}
