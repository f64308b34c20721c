package io.branchwise.server;

import io.branchwise.api.ProblemReply;
import io.branchwise.api.RequestBodies;
import io.branchwise.api.RestApi;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.grpc.common.GrpcStatus;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What every request passes before it reaches gRPC, the REST API or the dashboard. The threats are those of a
 * service that browsers on the same machine can reach:
 * <ul>
 *   <li>DNS rebinding: a page of {@code evil.example} whose name is made to resolve to 127.0.0.1 is same-origin with
 *       the server in the browser's eyes. Only the {@code Host} header tells, so it must name the server itself
 *       (its addresses, {@code localhost}, or a configured name).</li>
 *   <li>Cross-site requests: a page can send a POST without a preflight when its content type is
 *       {@code text/plain}, a form's, or absent. State changes therefore need a JSON or YAML content type (which
 *       forces a preflight we never answer) and an {@code Origin}, when sent, of the server itself.</li>
 *   <li>Callers beyond loopback: with a token, every API, event-stream and gRPC call must present it, as
 *       {@code Authorization: Bearer …} (gRPC metadata {@code authorization}) or, for the dashboard, in the
 *       {@code HttpOnly} cookie that {@code POST /api/session} sets. The dashboard's own files are not secret and
 *       stay readable, so its login form can load.</li>
 *   <li>Half-sent requests: a connection that has not completed a request head within the header timeout is
 *       closed (the server's read-idle timeout, lifted once a head has arrived).</li>
 * </ul>
 * gRPC is exempt from the Host and Origin checks: browsers cannot send {@code application/grpc} without a
 * preflight, and gRPC clients name whatever address they dialled.
 */
final class RequestGuard implements RestApi.SignIn {
    static final String COOKIE = "branchwise_token";
    static final String SESSION_PATH = "/api/session";
    /** The name Vert.x gives its idle-timeout handler in a connection's Netty pipeline. */
    private static final String IDLE_HANDLER = "idle";
    /**
     * Scripts only from the server itself (no inline script, so injected markup cannot run); inline styles stay
     * allowed because the chart library positions its tooltips with them.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final AccessToken token;
    private final Set<String> allowedHosts;
    private final long idleTimeoutMillis;

    RequestGuard(ServerConfig config) {
        this.token = config.token();
        this.allowedHosts = allowedHosts(config);
        this.idleTimeoutMillis = config.connections().idleTimeout().toMillis();
    }

    /** Whether a gRPC call may go on; otherwise it has been answered UNAUTHENTICATED. */
    boolean admitGrpc(HttpServerRequest request) {
        headArrived(request);
        if (token == null || token.matches(AccessToken.bearer(request.getHeader("authorization")))) {
            return true;
        }
        // A trailers-only answer: gRPC clients read the status from the headers of an empty response.
        request.response().putHeader("content-type", "application/grpc")
                .putHeader("grpc-status", Integer.toString(GrpcStatus.UNAUTHENTICATED.code))
                .putHeader("grpc-message", "this server needs its token: send the metadata"
                        + " \"authorization: Bearer <token>\"")
                .end();
        return false;
    }

    /** Whether an HTTP request may go on to the API or the dashboard; otherwise it has been answered. */
    boolean admitHttp(HttpServerRequest request, boolean api) {
        headArrived(request);
        secure(request.response().headers());
        HostAndPort authority = request.authority();
        if (authority == null || !allowedHosts.contains(hostName(authority.host()))) {
            ProblemReply.send(request, 421, "unknown-host", "Unknown host", "this server does not answer to the"
                    + " host name the request gives; reach it by its address, or start it with --allowed-host NAME");
            return false;
        }
        if (!SAFE.contains(request.method())) {
            String origin = request.getHeader("origin");
            if (origin != null && !sameOrigin(origin, authority)) {
                ProblemReply.send(request, 403, "cross-origin", "Cross-origin request refused", "requests that"
                        + " change state must come from this server's own pages");
                return false;
            }
            String contentType = request.getHeader("content-type");
            if (request.method() != HttpMethod.DELETE && !RequestBodies.isSpecType(contentType)) {
                ProblemReply.send(request, 415, "unsupported-media-type", "Unsupported media type",
                        (contentType == null ? "the request has no Content-Type" : "Content-Type " + contentType
                                + " is not accepted") + ": requests that change state need application/json"
                                + " (specs may also be application/yaml or text/yaml), even without a body");
                return false;
            }
        }
        if (!api || token == null || isSessionRequest(request) || authenticated(request)) {
            return true;
        }
        request.response().putHeader("WWW-Authenticate", "Bearer realm=\"branchwise\"");
        ProblemReply.send(request, 401, "unauthenticated", "Token required", "this server needs its token: send"
                + " \"Authorization: Bearer <token>\", or sign in on the dashboard");
        return false;
    }

    /**
     * {@code POST /api/session} with {@code {"token": "…"}}: sets the dashboard's cookie when the token matches.
     * Same-origin and JSON are already enforced; the cookie is {@code HttpOnly} (no script reads it) and
     * {@code SameSite=Strict} (no other site's request carries it).
     */
    @Override
    public boolean signIn(String candidate, HttpServerResponse response) {
        if (token == null || !token.matches(candidate)) {
            return false;
        }
        response.addCookie(Cookie.cookie(COOKIE, candidate).setPath("/").setHttpOnly(true)
                .setSameSite(io.vertx.core.http.CookieSameSite.STRICT));
        return true;
    }

    @Override
    public boolean tokenRequired() {
        return token != null;
    }

    static boolean isSessionRequest(HttpServerRequest request) {
        return request.method() == HttpMethod.POST && SESSION_PATH.equals(request.path());
    }

    private boolean authenticated(HttpServerRequest request) {
        if (token.matches(AccessToken.bearer(request.getHeader("authorization")))) {
            return true;
        }
        Cookie cookie = request.getCookie(COOKIE);
        return cookie != null && token.matches(cookie.getValue());
    }

    /**
     * A connection's first request head has arrived: from now on only the idle timeout applies. Until then the
     * server's read-idle timeout (the header timeout) closes a connection that opened and sent nothing, or half a
     * head, for that long; afterwards a request may rightly wait longer with nothing to read (an event stream, a
     * long poll, a slow validation).
     */
    private void headArrived(HttpServerRequest request) {
        if (!(request.connection() instanceof ConnectionBase base)) {
            return;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        if (pipeline.get(IDLE_HANDLER) instanceof IdleStateHandler idle && idle.getReaderIdleTimeInMillis() > 0) {
            pipeline.replace(IDLE_HANDLER, IDLE_HANDLER, new IdleStateHandler(0, 0, idleTimeoutMillis,
                    TimeUnit.MILLISECONDS));
        }
    }

    /** Headers that keep the pages from being framed, sniffed into another type, or running injected script. */
    private static void secure(MultiMap headers) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set("Cross-Origin-Resource-Policy", "same-origin");
    }

    private static boolean sameOrigin(String origin, HostAndPort authority) {
        String self = hostName(authority.host()) + (authority.port() > 0 ? ":" + authority.port() : "");
        String lower = origin.toLowerCase(Locale.ROOT);
        return lower.equals("http://" + self) || lower.equals("https://" + self);
    }

    private static String hostName(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[") && lower.endsWith("]")) {
            lower = lower.substring(1, lower.length() - 1);
        }
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /**
     * The names a {@code Host} header may carry: loopback names, the bound address, every local address and the
     * machine's name when bound to all interfaces, and the configured extra names.
     */
    private static Set<String> allowedHosts(ServerConfig config) {
        Set<String> names = new HashSet<>(Set.of("localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1"));
        names.add(hostName(config.host()));
        try {
            InetAddress bound = InetAddress.getByName(config.host());
            if (bound.isAnyLocalAddress()) {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    nic.inetAddresses().forEach(a -> names.add(hostName(a.getHostAddress().replaceFirst("%.*$", ""))));
                }
                InetAddress local = InetAddress.getLocalHost();
                names.add(hostName(local.getHostName()));
                names.add(hostName(local.getCanonicalHostName()));
            }
        } catch (UnknownHostException | SocketException e) {
            // Only the names already listed; the configured ones follow.
        }
        config.allowedHosts().forEach(h -> names.add(hostName(h)));
        return Set.copyOf(names);
    }
}
