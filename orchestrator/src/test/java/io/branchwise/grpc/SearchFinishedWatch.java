package io.branchwise.grpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Waits for a hosted search to finish by reading its study's event stream ({@code GET /api/studies/{id}/events},
 * server-sent events on the same port), so a test learns of the end the moment the server says it, without
 * polling. Open it before anything can finish the search: events are not replayed.
 */
final class SearchFinishedWatch implements AutoCloseable {
    private final CompletableFuture<String> finished = new CompletableFuture<>();
    private final Stream<String> lines;

    SearchFinishedWatch(int port, long studyId) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/studies/" + studyId
                + "/events")).build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new AssertionError("event stream of study " + studyId + " answered " + response.statusCode());
        }
        lines = response.body();
        Iterator<String> it = lines.iterator();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                boolean finishing = false;
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.equals(": connected")) {
                        connected.complete(null);
                    } else if (line.equals("event: search-finished")) {
                        finishing = true;
                    } else if (finishing && line.startsWith("data: ")) {
                        finished.complete(line.substring(6));
                        return;
                    }
                }
                finished.completeExceptionally(new AssertionError("the event stream ended before search-finished"));
            } catch (RuntimeException e) {
                finished.completeExceptionally(e);
            }
            connected.complete(null);
        }, "search-finished-watch");
        reader.setDaemon(true);
        reader.start();
        connected.get(30, TimeUnit.SECONDS);
    }

    /** The search-finished event's data (JSON: status, reason, progress, recommendation). */
    String await(Duration limit) throws Exception {
        return finished.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        lines.close();
    }
}
