package io.branchwise.cli;

import io.branchwise.launcher.external.ExternalTrainers;
import io.branchwise.plugins.PluginCatalog;
import io.branchwise.search.SearchSetup;
import io.branchwise.server.BranchwiseServer;
import io.branchwise.server.ServerConfig;
import io.branchwise.storage.Storage;
import io.branchwise.storage.StorageFailure;
import io.branchwise.storage.h2.H2Storage;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the Optuna gRPC storage and the REST API (with searches and event streams) on one port",
                "until stopped (SIGTERM/Ctrl-C); running searches are stopped cleanly first."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "7300", description = "Port to bind, 0 for any free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--db", defaultValue = "branchwise-data/branchwise",
            description = "H2 database file, created if missing (default: ${DEFAULT-VALUE}).")
    private Path database;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Where searches' trainer folders go, under DIR/<study> (default: runs/ beside the database).")
    private Path work;

    @Option(names = "--heap", defaultValue = "1g", description = "Each trainer process's heap (default: ${DEFAULT-VALUE}).")
    private String heap;

    @Option(names = "--trainer-lease", paramLabel = "SECONDS", defaultValue = "120",
            description = "An external trainer (gRPC Ask) that neither reports nor tells for this long loses its job,"
                    + " which fails (default: ${DEFAULT-VALUE}).")
    private long leaseSeconds;

    @Option(names = "--trainer-stop-grace", paramLabel = "SECONDS", defaultValue = "15",
            description = "How long an external trainer asked to stop may take to tell before its job fails"
                    + " (default: ${DEFAULT-VALUE}).")
    private long stopGraceSeconds;

    @Mixin
    private PluginOptions plugins;

    @Override
    public Integer call() throws InterruptedException {
        if (leaseSeconds < 1 || stopGraceSeconds < 0) {
            System.err.println("branchwise serve: --trainer-lease must be at least 1 and --trainer-stop-grace at"
                    + " least 0 seconds, got " + leaseSeconds + " and " + stopGraceSeconds);
            return 2;
        }
        ExternalTrainers.Settings external = new ExternalTrainers.Settings(Duration.ofSeconds(leaseSeconds),
                Duration.ofSeconds(stopGraceSeconds), ExternalTrainers.Settings.defaults().endedTicketsKept());
        PluginCatalog catalog = plugins.load(System.err);
        Path parent = database.toAbsolutePath().getParent();
        Path workRoot = work != null ? work : parent.resolve("runs");
        SearchSetup searches = SearchSetup.local(catalog, plugins.directories(), heap, workRoot);
        Storage storage;
        try {
            storage = H2Storage.open(database);
        } catch (StorageFailure e) {
            System.err.println("branchwise serve: " + e.getMessage());
            searches.close();
            return 2;
        }
        Vertx vertx = Vertx.vertx();
        BranchwiseServer server = new BranchwiseServer(ServerConfig.of(host, port, "h2:" + database.toAbsolutePath())
                .withSearches(searches).withExternalTrainers(external), storage);
        try {
            vertx.deployVerticle(server).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("branchwise serve: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            vertx.close().await();
            storage.close();
            searches.close();
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Stop taking calls and stop the searches (they store what finished) before closing the database,
            // so nothing sees a closed connection.
            try {
                vertx.close().await(90, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("branchwise serve: Vert.x did not stop cleanly: " + e.getMessage());
            }
            storage.close();
            searches.close();
            System.out.println("Branchwise stopped");
            stopped.countDown();
        }, "branchwise-shutdown"));
        System.out.println("Branchwise listening on http://" + host + ":" + server.actualPort()
                + " (dashboard at /, Optuna gRPC storage, REST API described at /api/openapi.yaml), database "
                + database.toAbsolutePath());
        stopped.await();
        return 0;
    }
}
