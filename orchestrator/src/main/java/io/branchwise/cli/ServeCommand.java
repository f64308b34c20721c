package io.branchwise.cli;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.launcher.JvmSize;
import io.branchwise.launcher.external.ExternalTrainers;
import io.branchwise.lifecycle.FatalErrors;
import io.branchwise.lifecycle.HeapGuard;
import io.branchwise.plugin.data.DataAccess;
import io.branchwise.plugin.data.DataLimits;
import io.branchwise.search.SearchSetup;
import io.branchwise.search.host.SearchHost;
import io.branchwise.server.AccessToken;
import io.branchwise.server.BranchwiseServer;
import io.branchwise.server.ServerConfig;
import io.branchwise.storage.Storage;
import io.branchwise.storage.StorageFailure;
import io.branchwise.storage.h2.H2Storage;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--heap", converter = MemorySizeConverter.class, defaultValue = "1g",
            description = "Each trainer process's heap (default: ${DEFAULT-VALUE}).")
    private String heap;

    @Option(names = "--trainer-lease", paramLabel = "SECONDS", defaultValue = "120",
            description = "An external trainer (gRPC Ask) that neither reports nor tells for this long loses its job,"
                    + " which fails (default: ${DEFAULT-VALUE}).")
    private long leaseSeconds;

    @Option(names = "--trainer-stop-grace", paramLabel = "SECONDS", defaultValue = "15",
            description = "How long an external trainer asked to stop may take to tell before its job fails"
                    + " (default: ${DEFAULT-VALUE}).")
    private long stopGraceSeconds;

    @Option(names = "--data-root", paramLabel = "DIR",
            description = "A folder specs may read data from (repeatable). Any other path in a spec is refused"
                    + " without being opened (default: the working directory).")
    private List<Path> dataRoots = new ArrayList<>();

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:BRANCHWISE_TOKEN}",
            description = "What every API, event-stream and gRPC call must present (Authorization: Bearer TOKEN);"
                    + " required when --host is not a loopback address. Prefer the environment variable"
                    + " BRANCHWISE_TOKEN: a command line is visible to other users of the machine.")
    private String token;

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = "A host name requests may carry besides the server's own addresses (repeatable), e.g. the"
                    + " name a proxy or DNS gives it. Other Host headers are refused (DNS rebinding).")
    private List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--max-searches", paramLabel = "N", defaultValue = "4",
            description = "Searches running at once (default: ${DEFAULT-VALUE}).")
    private int maxSearches;

    @Option(names = "--max-parallel", paramLabel = "N",
            description = "Trainer processes per search at most (default: the cores, fewer if memory holds fewer"
                    + " trainers of --heap).")
    private Integer maxParallel;

    @Option(names = "--max-event-streams", paramLabel = "N", defaultValue = "100",
            description = "Event streams open at once (default: ${DEFAULT-VALUE}).")
    private int maxEventStreams;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "Connections silent this long are closed (default: 360, longer than an external"
                    + " trainer's longest Ask).")
    private Long idleTimeoutSeconds;

    @Option(names = "--max-data-cells", paramLabel = "N",
            description = "Numbers one data set may hold, checked before loading (default: 100000000).")
    private Long maxDataCells;

    @Option(names = "--max-data-bytes", paramLabel = "BYTES",
            description = "Largest data file a spec may name (default: 4294967296).")
    private Long maxDataBytes;

    @Option(names = "--heap-limit", converter = MemorySizeConverter.class, paramLabel = "SIZE", defaultValue = "2g",
            description = "The server stops cleanly when its live heap passes this (or the JVM's -Xmx, if lower)"
                    + " after a collection, instead of failing at random when memory runs out"
                    + " (default: ${DEFAULT-VALUE}).")
    private String heapLimit;

    @Mixin
    private PluginOptions plugins;

    @Override
    public Integer call() throws InterruptedException {
        if (leaseSeconds < 1 || stopGraceSeconds < 0) {
            System.err.println("branchwise serve: --trainer-lease must be at least 1 and --trainer-stop-grace at"
                    + " least 0 seconds, got " + leaseSeconds + " and " + stopGraceSeconds);
            return 2;
        }
        ServerConfig config;
        long heapLimitBytes;
        try {
            config = secured(ServerConfig.of(host, port, "h2:" + database.toAbsolutePath()));
            heapLimitBytes = JvmSize.bytes(heapLimit);
        } catch (IllegalArgumentException e) {
            System.err.println("branchwise serve: " + e.getMessage());
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
        BranchwiseServer server = new BranchwiseServer(config.withSearches(searches).withExternalTrainers(external),
                storage);
        long watchedHeap = HeapGuard.install(heapLimitBytes);
        FatalErrors.onFatal(error -> {
            // Exiting runs the shutdown hook below: searches stop and the database closes properly.
            System.err.println("branchwise serve: stopping: " + error.getMessage());
            new Thread(() -> System.exit(3), "branchwise-fatal-stop").start();
        });
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            System.err.println("branchwise serve: uncaught in " + thread.getName() + ": " + error);
            FatalErrors.check(error);
        });
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
        System.out.println("Data roots " + config.dataAccess().roots() + "; "
                + (config.token() == null ? "no token (loopback only)" : "token required") + "; heap limit "
                + (watchedHeap >> 20) + " MB");
        stopped.await();
        return 0;
    }

    /** {@code base} with the security options applied; every problem is refused before anything opens. */
    private ServerConfig secured(ServerConfig base) {
        AccessToken accessToken = token == null || token.isEmpty() ? null : AccessToken.of(token);
        if (accessToken == null && !isLoopback(host)) {
            throw new IllegalArgumentException("--host " + host + " is reachable from other machines; give a token"
                    + " (environment variable BRANCHWISE_TOKEN or --token) so that only its holders get in");
        }
        DataLimits defaults = DataLimits.DEFAULT;
        DataLimits limits = new DataLimits(maxDataBytes == null ? defaults.maxFileBytes() : maxDataBytes,
                maxDataCells == null ? defaults.maxCells() : maxDataCells, defaults.maxFieldChars());
        List<Path> roots = dataRoots.isEmpty() ? List.of(Path.of("")) : dataRoots;
        SearchHost.Limits searchLimits = new SearchHost.Limits(maxSearches, maxParallel != null ? maxParallel
                : SearchHost.Limits.parallelFor(JvmSize.bytes(heap)));
        ServerConfig.ConnectionLimits defaultConnections = ServerConfig.ConnectionLimits.DEFAULT;
        ServerConfig.ConnectionLimits connections = new ServerConfig.ConnectionLimits(idleTimeoutSeconds == null
                ? defaultConnections.idleTimeout() : Duration.ofSeconds(idleTimeoutSeconds),
                defaultConnections.headerTimeout(), defaultConnections.bodyTimeout(), maxEventStreams);
        return base.withDataAccess(DataAccess.under(roots, limits)).withAccess(accessToken, List.copyOf(allowedHosts))
                .withLimits(connections, searchLimits);
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + address + " is not an address of this machine");
        }
    }
}
