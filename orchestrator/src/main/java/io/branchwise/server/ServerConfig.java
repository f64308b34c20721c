package io.branchwise.server;

import io.branchwise.launcher.external.ExternalTrainers;
import io.branchwise.plugin.data.DataAccess;
import io.branchwise.search.SearchSetup;
import io.branchwise.search.host.SearchHost;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link BranchwiseServer} is set up.
 *
 * @param searches           what hosted searches run with; null for a server that serves storage only (the REST
 *                           API's search endpoints then answer 503)
 * @param specDirectory      relative paths (data files) in specs posted to the REST API resolve against it
 * @param heartbeat          how often an idle event stream gets a comment line, so proxies keep it open
 * @param searchStopLimit    how long stopping the server waits for running searches to store what finished
 * @param externalTrainers   the lease and stop grace of jobs handed to trainers outside the server (gRPC Ask)
 * @param dataAccess         where specs may read data (the data roots) and how much
 * @param token              what every API, event-stream and gRPC call must present; null on loopback for none
 * @param allowedHosts       names besides the server's own addresses that a request's {@code Host} may carry
 *                           (a name the server is reached by through DNS or a proxy)
 * @param connections        timeouts and stream caps of the HTTP side
 * @param searchLimits       searches and trainer processes at once
 */
public record ServerConfig(String host, int port, String storageDescription, SearchSetup searches,
                           Path specDirectory, Duration heartbeat, Duration searchStopLimit,
                           ExternalTrainers.Settings externalTrainers, DataAccess dataAccess, AccessToken token,
                           List<String> allowedHosts, ConnectionLimits connections, SearchHost.Limits searchLimits) {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

    public ServerConfig {
        allowedHosts = List.copyOf(allowedHosts);
    }

    /**
     * Storage only, specs relative to the working directory, a heartbeat every 15 s, a minute to stop searches,
     * external trainers with the default lease and grace, data from anywhere (a test's default; {@code serve}
     * sets its data roots), no token, default connection limits, and search limits that do not depend on the
     * machine ({@code serve} sets them from its cores and memory).
     */
    public static ServerConfig of(String host, int port, String storageDescription) {
        return new ServerConfig(host, port, storageDescription, null, Path.of("").toAbsolutePath(),
                DEFAULT_HEARTBEAT, Duration.ofMinutes(1), ExternalTrainers.Settings.defaults(), DataAccess.anywhere(),
                null, List.of(), ConnectionLimits.DEFAULT, new SearchHost.Limits(4, 1_024));
    }

    public ServerConfig withSearches(SearchSetup setup) {
        return new ServerConfig(host, port, storageDescription, setup, specDirectory, heartbeat, searchStopLimit,
                externalTrainers, dataAccess, token, allowedHosts, connections, searchLimits);
    }

    public ServerConfig withSpecDirectory(Path directory) {
        return new ServerConfig(host, port, storageDescription, searches, directory, heartbeat, searchStopLimit,
                externalTrainers, dataAccess, token, allowedHosts, connections, searchLimits);
    }

    public ServerConfig withHeartbeat(Duration interval) {
        return new ServerConfig(host, port, storageDescription, searches, specDirectory, interval, searchStopLimit,
                externalTrainers, dataAccess, token, allowedHosts, connections, searchLimits);
    }

    public ServerConfig withExternalTrainers(ExternalTrainers.Settings settings) {
        return new ServerConfig(host, port, storageDescription, searches, specDirectory, heartbeat, searchStopLimit,
                settings, dataAccess, token, allowedHosts, connections, searchLimits);
    }

    public ServerConfig withDataAccess(DataAccess access) {
        return new ServerConfig(host, port, storageDescription, searches, specDirectory, heartbeat, searchStopLimit,
                externalTrainers, access, token, allowedHosts, connections, searchLimits);
    }

    /** @param names extra {@code Host} names to accept besides the server's own addresses */
    public ServerConfig withAccess(AccessToken accessToken, List<String> names) {
        return new ServerConfig(host, port, storageDescription, searches, specDirectory, heartbeat, searchStopLimit,
                externalTrainers, dataAccess, accessToken, names, connections, searchLimits);
    }

    public ServerConfig withLimits(ConnectionLimits connectionLimits, SearchHost.Limits hostLimits) {
        return new ServerConfig(host, port, storageDescription, searches, specDirectory, heartbeat, searchStopLimit,
                externalTrainers, dataAccess, token, allowedHosts, connectionLimits, hostLimits);
    }

    /**
     * @param idleTimeout     a connection with no traffic either way for this long is closed (event streams send
     *                        heartbeats, so they stay; longer than the longest gRPC long poll, an external
     *                        trainer's Ask)
     * @param headerTimeout   a connection that has not sent a whole request head this long after it opened is
     *                        closed (half-sent requests would otherwise hold it forever)
     * @param bodyTimeout     a request whose body has not arrived whole this long after its head is answered 408
     * @param maxEventStreams event streams open at once; more are answered 503
     */
    public record ConnectionLimits(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout,
                                   int maxEventStreams) {
        public static final ConnectionLimits DEFAULT = new ConnectionLimits(
                io.branchwise.launcher.external.ExternalTrainers.MAX_ASK_WAIT.plusMinutes(1),
                Duration.ofSeconds(10), Duration.ofSeconds(30), 100);

        public ConnectionLimits {
            if (idleTimeout.isNegative() || idleTimeout.isZero() || headerTimeout.isNegative()
                    || headerTimeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.isZero()
                    || maxEventStreams < 1) {
                throw new IllegalArgumentException("connection timeouts must be positive and at least one event"
                        + " stream allowed");
            }
        }
    }
}
