package io.branchwise.api;

import io.branchwise.events.Event;
import io.branchwise.events.EventSink;
import io.branchwise.events.EventType;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Events to Server-Sent Event streams. {@link #publish} may be called on any thread (storage workers, search
 * threads); it puts the event on the Vert.x event bus, and each open stream is an event-bus consumer writing to
 * its response on its own event loop, so a slow client never holds up the writer of a change.
 *
 * <p>A stream gets an {@code id:} (a sequence number of this server), an {@code event:} (the type) and a
 * {@code data:} line of JSON with {@code study_id}. A comment line is sent when the stream is ready (its consumer
 * registered, so nothing published after it is missed) and then periodically, so proxies keep an idle stream
 * open. A client that stops reading is disconnected once its write queue is full rather than buffered without
 * bound; it may reconnect.
 */
public final class EventHub implements EventSink {
    static final String ADDRESS = "branchwise.events";

    private final Vertx vertx;
    private final long heartbeatMillis;
    private final int maxStreams;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final List<IntConsumer> streamWatchers = new CopyOnWriteArrayList<>();

    /** @param maxStreams streams open at once; a client asking for one more gets 503 */
    public EventHub(Vertx vertx, Duration heartbeat, int maxStreams) {
        this.vertx = vertx;
        this.heartbeatMillis = Math.max(1, heartbeat.toMillis());
        this.maxStreams = maxStreams;
    }

    @Override
    public void publish(Event event) {
        JsonObject data = new JsonObject().put("study_id", event.studyId());
        event.data().forEach((k, v) -> data.put(k, ApiJson.plain(v)));
        vertx.eventBus().publish(ADDRESS, new JsonObject()
                .put("id", sequence.incrementAndGet())
                .put("type", event.type().wireName())
                .put("study_id", event.studyId())
                .put("data", data));
    }

    /** Events go to open streams only: with none, the storage need not build them. */
    @Override
    public boolean isListening() {
        return open.get() > 0;
    }

    /** Streams open now. */
    public int openStreams() {
        return open.get();
    }

    /** Told the number of open streams each time one opens or closes (on an event loop; must not block). */
    void watchStreams(IntConsumer watcher) {
        streamWatchers.add(watcher);
    }

    /**
     * Streams events to the client of {@code rc} until it disconnects.
     *
     * @param studyId only this study's events (the stream ends after its study-deleted), or null for all
     */
    void stream(RoutingContext rc, Long studyId) {
        // Counted on open below; two opening at once on two event loops may pass together, a bound all the same.
        if (open.get() >= maxStreams) {
            rc.fail(ProblemException.unavailable("this server has " + maxStreams + " event streams open, its limit"
                    + " (serve --max-event-streams); close one or retry later"));
            return;
        }
        HttpServerResponse response = rc.response();
        response.setStatusCode(200)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no"); // nginx would otherwise hold events back in its buffer
        if (rc.request().version() != HttpVersion.HTTP_2) {
            response.setChunked(true);
        }
        MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(ADDRESS);
        AtomicBoolean closed = new AtomicBoolean();
        long[] heartbeat = {-1};
        Runnable cleanup = () -> {
            if (closed.compareAndSet(false, true)) {
                consumer.unregister();
                vertx.cancelTimer(heartbeat[0]);
                changed(open.decrementAndGet());
            }
        };
        response.closeHandler(ignored -> cleanup.run());
        response.exceptionHandler(ignored -> cleanup.run());
        consumer.handler(message -> {
            JsonObject m = message.body();
            if (closed.get() || (studyId != null && m.getLong("study_id") != studyId.longValue())) {
                return;
            }
            if (response.writeQueueFull()) {
                cleanup.run();
                response.reset();
                return;
            }
            response.write("id: " + m.getLong("id") + "\nevent: " + m.getString("type") + "\ndata: "
                    + m.getJsonObject("data").encode() + "\n\n");
            if (studyId != null && EventType.STUDY_DELETED.wireName().equals(m.getString("type"))) {
                cleanup.run();
                response.end();
            }
        });
        changed(open.incrementAndGet());
        consumer.completion().onComplete(ready -> {
            if (closed.get()) {
                return;
            }
            if (ready.failed()) {
                cleanup.run();
                rc.fail(ready.cause());
                return;
            }
            response.write(": connected\n\n");
            heartbeat[0] = vertx.setPeriodic(heartbeatMillis, id -> {
                if (!closed.get()) {
                    response.write(": heartbeat\n\n");
                }
            });
        });
    }

    private void changed(int count) {
        streamWatchers.forEach(w -> w.accept(count));
    }
}
