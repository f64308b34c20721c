package io.branchwise.server;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard's files from the {@code ui} module ({@code webroot/} on the class path) at {@code /}, and the
 * chart WebJars at {@code /webjars/}. Everything lives in jars, so the service stays one file with nothing to
 * download at run time.
 */
final class DashboardRoutes {
    private static final long YEAR_SECONDS = 365L * 24 * 3600;

    private DashboardRoutes() {
    }

    static void mount(Router router) {
        // WebJar paths carry the library version, so a browser may keep them; an upgrade changes the path.
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars")
                .setMaxAgeSeconds(YEAR_SECONDS));
        // The app's own files change with every release under the same names: the browser must revalidate.
        // Anything under /api/ is the REST API's, found or not, so a typo there never returns the dashboard.
        router.getWithRegex("^/(?!api/).*").handler(StaticHandler.create("webroot")
                .setIndexPage("index.html")
                .setCachingEnabled(false));
    }
}
