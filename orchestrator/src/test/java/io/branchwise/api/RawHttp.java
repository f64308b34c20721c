package io.branchwise.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand, for what Java's client refuses to send: a foreign {@code Host}, a request that never
 * finishes. Every exchange closes its connection ({@code Connection: close}), so a reply is read to its end.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and an empty body. */
    static String exchange(int port, String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Opens a connection, sends {@code partial} and then nothing, and returns how long the server took to close
     * it; fails if it is still open after {@code limitMillis}.
     */
    static long millisUntilClosed(int port, String partial, int limitMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(limitMillis);
            long start = System.nanoTime();
            socket.getOutputStream().write(partial.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream ignored = new ByteArrayOutputStream();
            try {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    ignored.write(b);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept a half-sent request open for " + limitMillis + " ms");
            } catch (IOException reset) {
                // A reset is a close too.
            }
            return (System.nanoTime() - start) / 1_000_000;
        }
    }
}
