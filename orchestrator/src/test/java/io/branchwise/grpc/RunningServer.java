package io.branchwise.grpc;

import io.branchwise.proto.optuna.StorageServiceGrpc;
import io.branchwise.proto.search.SearchServiceGrpc;
import io.branchwise.server.BranchwiseServer;
import io.branchwise.server.ServerConfig;
import io.branchwise.storage.h2.H2Storage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A Branchwise server on a free port over a fresh H2 file, in this JVM, with grpc-java clients for it. */
final class RunningServer implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final H2Storage storage;
    final int port;
    private final ManagedChannel channel;

    RunningServer(Path directory) {
        this(directory, config -> config);
    }

    /** @param configure changes the storage-only configuration (hosted searches, external-trainer lease …) */
    RunningServer(Path directory, UnaryOperator<ServerConfig> configure) {
        storage = H2Storage.open(directory.resolve("branchwise"));
        BranchwiseServer server = new BranchwiseServer(configure.apply(ServerConfig.of("127.0.0.1", 0, "test")), storage);
        vertx.deployVerticle(server).await();
        port = server.actualPort();
        channel = newChannel();
    }

    ManagedChannel newChannel() {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .maxInboundMessageSize(Integer.MAX_VALUE).build();
    }

    StorageServiceGrpc.StorageServiceBlockingStub client() {
        return StorageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    ManagedChannel channel() {
        return channel;
    }

    SearchServiceGrpc.SearchServiceBlockingStub searchClient() {
        return SearchServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        vertx.close().await();
        storage.close();
    }
}
