package io.branchwise.server;

import io.branchwise.search.SearchSetup;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link BranchwiseServer} is set up.
 *
 * @param searches           what hosted searches run with; null for a server that serves storage only (the REST
 *                           API's search endpoints then answer 503)
 * @param specDirectory      relative paths (data files) in specs posted to the REST API resolve against it
 * @param heartbeat          how often an idle event stream gets a comment line, so proxies keep it open
 * @param searchStopLimit    how long stopping the server waits for running searches to store what finished
 */
public record ServerConfig(String host, int port, String storageDescription, SearchSetup searches,
                           Path specDirectory, Duration heartbeat, Duration searchStopLimit) {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

    /** Storage only, specs relative to the working directory, a heartbeat every 15 s, a minute to stop searches. */
    public static ServerConfig of(String host, int port, String storageDescription) {
        return new ServerConfig(host, port, storageDescription, null, Path.of("").toAbsolutePath(),
                DEFAULT_HEARTBEAT, Duration.ofMinutes(1));
    }

    public ServerConfig withSearches(SearchSetup setup) {
        return new ServerConfig(host, port, storageDescription, setup, specDirectory, heartbeat, searchStopLimit);
    }

    public ServerConfig withSpecDirectory(Path directory) {
        return new ServerConfig(host, port, storageDescription, searches, directory, heartbeat, searchStopLimit);
    }

    public ServerConfig withHeartbeat(Duration interval) {
        return new ServerConfig(host, port, storageDescription, searches, specDirectory, interval, searchStopLimit);
    }
}
