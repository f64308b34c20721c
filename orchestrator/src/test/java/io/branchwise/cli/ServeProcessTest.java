package io.branchwise.cli;

import io.branchwise.proto.optuna.*;
import io.branchwise.storage.h2.H2Storage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real {@code branchwise serve} process: durable across kill -9, clean on SIGTERM. */
class ServeProcessTest {
    private static final String FLOAT_X = "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 0.0, \"high\": 1.0, \"log\": false}}";

    @TempDir
    Path dir;

    private static <T> T withClient(int port, java.util.function.Function<StorageServiceGrpc.StorageServiceBlockingStub, T> work)
            throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            return work.apply(StorageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCompletedTrialSurvivesKillMinusNine() throws Exception {
        Path db = dir.resolve("data/branchwise");
        long studyId;
        Trial reported;
        try (ServerProcess server = new ServerProcess(db)) {
            studyId = withClient(server.port, c -> c.createNewStudy(CreateNewStudyRequest.newBuilder()
                    .setStudyName("durable").addDirections(StudyDirection.MINIMIZE).build()).getStudyId());
            reported = withClient(server.port, c -> {
                long trialId = c.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(studyId)
                        .setTemplateTrialIsNone(true).build()).getTrialId();
                c.setTrialParameter(SetTrialParameterRequest.newBuilder().setTrialId(trialId).setParamName("x")
                        .setParamValueInternal(0.25).setDistribution(FLOAT_X).build());
                c.setTrialIntermediateValue(SetTrialIntermediateValueRequest.newBuilder().setTrialId(trialId)
                        .setStep(0).setIntermediateValue(0.7).build());
                c.setTrialUserAttribute(SetTrialUserAttributeRequest.newBuilder().setTrialId(trialId)
                        .setKey("note").setValue("\"kept\"").build());
                assertThat(c.setTrialStateValues(SetTrialStateValuesRequest.newBuilder().setTrialId(trialId)
                        .setState(TrialState.COMPLETE).addValues(0.0625).build()).getTrialUpdated()).isTrue();
                return c.getTrial(GetTrialRequest.newBuilder().setTrialId(trialId).build()).getTrial();
            });
            server.kill();
            assertThat(server.process.exitValue()).as("SIGKILL exit status").isEqualTo(137);
        }
        try (ServerProcess restarted = new ServerProcess(db)) {
            Trial after = withClient(restarted.port, c -> c.getTrial(GetTrialRequest.newBuilder()
                    .setTrialId(reported.getTrialId()).build()).getTrial());
            assertThat(after).isEqualTo(reported);
            assertThat(after.getState()).isEqualTo(TrialState.COMPLETE);
            assertThat(after.getValuesList()).containsExactly(0.0625);
            long nextTrial = withClient(restarted.port, c -> c.createNewTrial(CreateNewTrialRequest.newBuilder()
                    .setStudyId(studyId).setTemplateTrialIsNone(true).build()).getTrialId());
            assertThat(nextTrial).as("ids are not reused after a crash").isGreaterThan(reported.getTrialId());
            List<Long> numbers = withClient(restarted.port, c -> c.getTrials(GetTrialsRequest.newBuilder()
                    .setStudyId(studyId).setTrialIdGreaterThan(-1).build()).getTrialsList().stream()
                    .map(Trial::getNumber).toList());
            assertThat(numbers).containsExactly(0L, 1L);
        }
    }

    @Test
    void sigtermStopsCleanlyAndHealthAnswersBefore() throws Exception {
        Path db = dir.resolve("branchwise");
        try (ServerProcess server = new ServerProcess(db)) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("h2:");
            withClient(server.port, c -> c.createNewStudy(CreateNewStudyRequest.newBuilder().setStudyName("kept")
                    .addDirections(StudyDirection.MAXIMIZE).build()));
            int status = server.terminate();
            assertThat(status).as("JVM exit status after SIGTERM").isEqualTo(143);
            assertThat(server.output()).contains("dashboard at /").contains("Branchwise stopped");
        }
        try (ServerProcess again = new ServerProcess(db)) {
            Map<String, Long> byName = withClient(again.port, c -> Map.of("kept", c.getStudyIdFromName(
                    GetStudyIdFromNameRequest.newBuilder().setStudyName("kept").build()).getStudyId()));
            assertThat(byName.get("kept")).isPositive();
        }
    }

    @Test
    void aTrainerLeaseBelowOneSecondIsRefusedBeforeAnythingOpens() {
        Path db = dir.resolve("refused/branchwise");
        assertThat(refusedServe("--port", "0", "--db", db.toString(), "--trainer-lease", "0"))
                .contains("--trainer-lease must be at least 1").contains("got 0 and 15");
        assertThat(db.getParent()).as("no database was created").doesNotExist();
    }

    /** Beyond loopback a server needs a token; without one, or with a guessable one, it does not start. */
    @Test
    void aServerReachableFromOtherMachinesDoesNotStartWithoutAToken() {
        Path db = dir.resolve("open/branchwise");
        assertThat(refusedServe("--host", "0.0.0.0", "--port", "0", "--db", db.toString()))
                .contains("--host 0.0.0.0 is reachable from other machines").contains("BRANCHWISE_TOKEN");
        assertThat(refusedServe("--host", "0.0.0.0", "--port", "0", "--db", db.toString(), "--token", "short"))
                .contains("at least 16 characters").doesNotContain("short");
        assertThat(refusedServe("--port", "0", "--db", db.toString(), "--data-root", dir.resolve("nowhere").toString()))
                .contains("does not exist");
        assertThat(db.getParent()).as("no database was created").doesNotExist();
    }

    /**
     * A heap whose live data stay over {@code --heap-limit} after a full collection (forced here with jcmd; in life,
     * a leak or an oversized request) stops the server cleanly: its shutdown runs and the database stays usable.
     */
    @Test
    void aServerOverItsHeapLimitStopsCleanly() throws Exception {
        Path db = dir.resolve("heap/branchwise");
        try (ServerProcess server = new ServerProcess(db, "--heap-limit", "4m")) {
            new ProcessBuilder("jcmd", Long.toString(server.process.pid()), "GC.run").redirectErrorStream(true)
                    .start().waitFor(60, TimeUnit.SECONDS);
            assertThat(server.awaitExit()).as(server.output()).isEqualTo(3);
            assertThat(server.output()).contains("stopping: the heap holds more than its limit of 4 MB")
                    .contains("Branchwise stopped");
        }
        try (H2Storage reopened = H2Storage.open(db)) {
            assertThat(reopened.allStudies()).isEmpty();
        }
    }

    /** Runs {@code serve} in this JVM with arguments it must refuse (exit 2); returns what it printed on stderr. */
    private static String refusedServe(String... args) {
        CommandLine cli = new CommandLine(new BranchwiseCommand());
        PrintStream oldErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = cli.execute(prepend("serve", args));
        } finally {
            System.setErr(oldErr);
        }
        assertThat(exit).as(captured.toString(StandardCharsets.UTF_8)).isEqualTo(2);
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
