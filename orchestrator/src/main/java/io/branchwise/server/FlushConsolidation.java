package io.branchwise.server;

import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Lets each connection send what one event-loop task wrote in one system call. Vert.x flushes a gRPC answer
 * twice, once after the headers and message and once after the trailers: two {@code writev} calls per RPC, and
 * the client wakes up for a half answer first. Netty's {@link FlushConsolidationHandler} defers a flush made
 * outside a read to the end of the current task, so both parts leave together (measured with strace: 1.86 → 0.98
 * {@code writev} per RPC).
 *
 * <p>Vert.x has no public way to reach a connection's Netty pipeline; {@link ConnectionBase} is its
 * implementation class. Should a Vert.x upgrade change that, connections simply keep the default flushing.
 */
final class FlushConsolidation {
    /** Netty's own default for flushes merged while a read is in progress before one is let through. */
    private static final int MAX_FLUSHES_DURING_READ = 256;

    private FlushConsolidation() {
    }

    static void install(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channel().pipeline().addFirst("branchwise-flush-consolidation",
                    new FlushConsolidationHandler(MAX_FLUSHES_DURING_READ, true));
        }
    }
}
