package io.branchwise.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard's files from the {@code ui} module ({@code webroot/} on the class path) at {@code /}, and the
 * chart WebJars at {@code /webjars/}. Everything lives in jars, so the service stays one file with nothing to
 * download at run time. A router of its own, beside the REST API's: {@code /api} stays the API's alone, so a
 * mistyped API path is the API's problem JSON, never the dashboard's page.
 */
final class DashboardRoutes {
    private static final long YEAR_SECONDS = 365L * 24 * 3600;

    private DashboardRoutes() {
    }

    /** Whether {@code request} is for the REST API rather than the dashboard. */
    static boolean isApi(HttpServerRequest request) {
        String path = request.path();
        return path.equals("/api") || path.startsWith("/api/");
    }

    static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        // WebJar paths carry the library version, so a browser may keep them; an upgrade changes the path.
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars")
                .setMaxAgeSeconds(YEAR_SECONDS));
        // The app's own files change with every release under the same names: the browser must revalidate.
        router.get("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html").setCachingEnabled(false));
        return router;
    }
}
