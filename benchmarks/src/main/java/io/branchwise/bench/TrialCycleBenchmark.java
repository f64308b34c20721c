package io.branchwise.bench;

import io.branchwise.proto.optuna.CreateNewStudyRequest;
import io.branchwise.proto.optuna.StorageServiceGrpc;
import io.branchwise.proto.optuna.StudyDirection;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts {@code branchwise serve} as its own process on a fresh H2 file, replays the 9-RPC Optuna trial cycle
 * from 1 and 4 grpc-java clients, and prints trials/s and the server's CPU time per RPC (from the OS's account
 * of the server process, so client work is not counted).
 *
 * <pre>java -jar benchmarks/target/branchwise-benchmarks.jar [--server-jar J] [--trials N] [--warmup N] [--clients 1,4]
 *     [--report-every N] [--server-option -XX:...]</pre>
 *
 * {@code --report-every N} also prints the rate of every block of N trials of the measured runs, which shows
 * whether a study (or the database file) gets slower as it grows. {@code --server-option} passes a JVM option to
 * the server process (repeatable), e.g. to record a flight recording of the server alone.
 */
public final class TrialCycleBenchmark {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    public static void main(String[] args) throws Exception {
        Path serverJar = Path.of("orchestrator/target/branchwise.jar");
        int trials = 3000;
        int warmup = 1000;
        List<Integer> clientCounts = List.of(1, 4);
        int reportEvery = 0;
        List<String> serverOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server-jar" -> serverJar = Path.of(args[++i]);
                case "--trials" -> trials = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--clients" -> clientCounts = List.of(args[++i].split(",")).stream().map(Integer::parseInt).toList();
                case "--report-every" -> reportEvery = Integer.parseInt(args[++i]);
                case "--server-option" -> serverOptions.add(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; options: --server-jar PATH --trials N"
                            + " --warmup N --clients 1,4 --report-every N --server-option JVM_OPTION");
                    System.exit(2);
                }
            }
        }
        if (!Files.isRegularFile(serverJar)) {
            System.err.println("server jar " + serverJar.toAbsolutePath() + " not found; build it with mvn -B package -DskipTests");
            System.exit(2);
        }
        Path data = Files.createTempDirectory("branchwise-bench");
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(serverOptions);
        command.addAll(List.of("-jar", serverJar.toString(), "serve", "--port", "0",
                "--db", data.resolve("bench").toString()));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            int port = awaitPort(server);
            System.out.printf(Locale.ROOT, "server pid %d, durable H2 file in %s, %d CPUs%n", server.pid(), data,
                    Runtime.getRuntime().availableProcessors());
            runAll(server, port, clientCounts, warmup, "warm-up", 0, false);
            runAll(server, port, clientCounts, trials, "measured", reportEvery, true);
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            reportAndRemove(data);
        }
    }

    /** How big the database got (after the server's clean stop), then the temporary folder goes. */
    private static void reportAndRemove(Path data) throws java.io.IOException {
        List<Path> files;
        try (var listing = Files.list(data)) {
            files = listing.sorted().toList();
        }
        StringBuilder sizes = new StringBuilder();
        for (Path file : files) {
            sizes.append(String.format(Locale.ROOT, " %s %.1f MB", file.getFileName(), Files.size(file) / 1e6));
        }
        System.out.println("database files after stop:" + sizes);
        for (Path file : files) {
            Files.delete(file);
        }
        Files.delete(data);
    }

    private static void runAll(Process server, int port, List<Integer> clientCounts, int trials, String label,
                               int reportEvery, boolean print) throws Exception {
        for (int clients : clientCounts) {
            Result r = run(server, port, clients, trials, label, reportEvery);
            if (print) {
                System.out.printf(Locale.ROOT,
                        "%d client(s): %d trials (%d RPCs) in %.2f s = %.0f trials/s, %.0f RPC/s;"
                                + " server CPU %.1f µs per RPC (%.2f cores busy); client CPU %.1f µs per RPC%n",
                        clients, r.trials, r.rpcs(), r.seconds, r.trials / r.seconds, r.rpcs() / r.seconds,
                        r.serverCpuSeconds * 1e6 / r.rpcs(), r.serverCpuSeconds / r.seconds,
                        r.clientCpuSeconds * 1e6 / r.rpcs());
            }
        }
    }

    /** Client CPU is this benchmark process (grpc-java clients), for telling the two sides of the cost apart. */
    private record Result(int trials, double seconds, double serverCpuSeconds, double clientCpuSeconds) {
        long rpcs() {
            return (long) trials * CachingClient.RPCS_PER_TRIAL;
        }
    }

    private static Result run(Process server, int port, int clients, int trials, String label, int reportEvery)
            throws Exception {
        List<ManagedChannel> channels = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int i = 0; i < clients; i++) {
                channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
            }
            StorageServiceGrpc.StorageServiceBlockingStub admin = StorageServiceGrpc.newBlockingStub(channels.get(0));
            long studyId = admin.createNewStudy(CreateNewStudyRequest.newBuilder()
                    .setStudyName(label + "-" + clients + "-" + System.nanoTime())
                    .addDirections(StudyDirection.MINIMIZE).build()).getStudyId();
            int perClient = trials / clients;
            BlockRate blocks = new BlockRate(reportEvery, clients, () -> cpu(server).toNanos());
            CyclicBarrier start = new CyclicBarrier(clients + 1);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                CachingClient client = new CachingClient(StorageServiceGrpc.newBlockingStub(channels.get(c)), studyId, c);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int t = 0; t < perClient; t++) {
                        client.trial();
                        blocks.trialDone();
                    }
                    return null;
                }));
            }
            Duration cpuBefore = cpu(server);
            Duration clientCpuBefore = cpu(ProcessHandle.current());
            long begin = System.nanoTime();
            blocks.start(begin);
            start.await();
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            double cpuSeconds = (cpu(server).toNanos() - cpuBefore.toNanos()) / 1e9;
            double clientCpuSeconds = (cpu(ProcessHandle.current()).toNanos() - clientCpuBefore.toNanos()) / 1e9;
            return new Result(perClient * clients, seconds, cpuSeconds, clientCpuSeconds);
        } finally {
            pool.shutdownNow();
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static Duration cpu(Process process) {
        return cpu(process.toHandle());
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("this OS does not report process CPU time"));
    }

    private static int awaitPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> drain(out), "server-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("the server exited before listening (exit " + server.waitFor() + ")");
    }

    /** Keeps the server's pipe from filling up; ends when the server is stopped and the pipe closes. */
    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (java.io.IOException closed) {
            // the server was stopped
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
