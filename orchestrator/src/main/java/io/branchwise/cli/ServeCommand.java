package io.branchwise.cli;

import io.branchwise.server.BranchwiseServer;
import io.branchwise.storage.Storage;
import io.branchwise.storage.StorageFailure;
import io.branchwise.storage.h2.H2Storage;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves the Optuna gRPC storage and the HTTP API on one port until stopped (SIGTERM/Ctrl-C).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "7300", description = "Port to bind, 0 for any free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--db", defaultValue = "branchwise-data/branchwise",
            description = "H2 database file, created if missing (default: ${DEFAULT-VALUE}).")
    private Path database;

    @Override
    public Integer call() throws InterruptedException {
        Storage storage;
        try {
            storage = H2Storage.open(database);
        } catch (StorageFailure e) {
            System.err.println("branchwise serve: " + e.getMessage());
            return 2;
        }
        Vertx vertx = Vertx.vertx();
        BranchwiseServer server = new BranchwiseServer(host, port, storage, "h2:" + database.toAbsolutePath());
        try {
            vertx.deployVerticle(server).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("branchwise serve: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            vertx.close().await();
            storage.close();
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Stop taking calls before closing the database, so no request sees a closed connection.
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("branchwise serve: Vert.x did not stop cleanly: " + e.getMessage());
            }
            storage.close();
            System.out.println("Branchwise stopped");
            stopped.countDown();
        }, "branchwise-shutdown"));
        System.out.println("Branchwise listening on http://" + host + ":" + server.actualPort()
                + " (Optuna gRPC storage and /api/health), database " + database.toAbsolutePath());
        stopped.await();
        return 0;
    }
}
