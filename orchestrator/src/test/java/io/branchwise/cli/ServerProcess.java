package io.branchwise.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code branchwise serve} as a separate JVM, so tests can kill it the way an operator or the OOM killer would. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    final Process process;
    final int port;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final Thread reader;

    ServerProcess(Path database, String... options) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, BranchwiseCommand.class.getName(),
                "serve", "--port", "0", "--db", database.toString()));
        command.addAll(List.of(options));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = new Thread(this::readOutput, "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            port = ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not start; its output was:\n" + output(), e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    ready.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("server exited"));
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** The exit status once the server has ended by itself. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server did not exit; output:\n" + output());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed by the JVM. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, then the exit status. Not Process.destroy(): it also closes our end of the pipes, so the server's
     * last words would be lost.
     */
    int terminate() throws InterruptedException, IOException {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server ignored SIGTERM; output:\n" + output());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
