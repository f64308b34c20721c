package io.branchwise.api;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client for tests: a thread reads the stream and parses it into events and comments, which
 * tests await with a deadline (the queue hands each one over as it arrives; nothing sleeps).
 */
final class EventStream implements AutoCloseable {
    record Received(long id, String type, JsonObject data) {
    }

    final int status;
    final String contentType;
    private final Stream<String> lines;
    private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    EventStream(HttpClient http, URI uri) throws InterruptedException {
        HttpResponse<Stream<String>> response;
        try {
            response = http.sendAsync(HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines()).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("cannot open " + uri + ": " + e, e);
        }
        status = response.statusCode();
        contentType = response.headers().firstValue("Content-Type").orElse("");
        lines = response.body();
        Thread reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            String type = null;
            String data = null;
            long id = -1;
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (type != null) {
                        events.add(new Received(id, type, new JsonObject(data)));
                    }
                    type = null;
                    data = null;
                    id = -1;
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else if (line.startsWith("event: ")) {
                    type = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    data = line.substring("data: ".length());
                } else if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring("id: ".length()));
                }
            }
            ended.complete(null);
        } catch (RuntimeException e) {
            ended.complete(null); // closed by the test, or by the server
        }
    }

    /** The next comment line; fails after {@code timeout}. */
    String awaitComment(Duration timeout) throws InterruptedException {
        String c = comments.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no comment line within " + timeout);
        }
        return c;
    }

    /** Waits for the server's ": connected" (its subscription is in place; later events cannot be missed). */
    EventStream awaitConnected() throws InterruptedException {
        String c = awaitComment(Duration.ofSeconds(30));
        if (!c.equals("connected")) {
            throw new AssertionError("expected the connected comment first, got \"" + c + "\"");
        }
        return this;
    }

    /** The first event (skipping others) that matches; fails after {@code timeout}. */
    Received await(Predicate<Received> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received r = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            if (wanted.test(r)) {
                return r;
            }
        }
    }

    Received await(String type, Duration timeout) throws InterruptedException {
        return await(r -> r.type().equals(type), timeout, type + " event");
    }

    /** Completes when the server ends the stream (or it is closed here). */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /** Events received so far and not yet awaited. */
    java.util.List<Received> drain() {
        java.util.List<Received> out = new java.util.ArrayList<>();
        events.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        lines.close();
    }
}
