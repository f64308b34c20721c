package io.branchwise.grpc;

import io.branchwise.storage.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Cross-language check of the external-trainer API: a Python trainer (Debian's python3-grpcio, stubs from Debian's
 * protoc) starts a search over gRPC and trains all of its jobs through Ask / Report / Tell. Like
 * {@link PythonInteropTest}, it fails and names the missing packages rather than skipping.
 */
@Timeout(300)
class PythonExternalTrainerTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String GRPC_PLUGIN = "/usr/bin/grpc_python_plugin";

    @TempDir
    Path dir;

    @Test
    void aPythonTrainerTrainsAWholeSearch() throws Exception {
        Path protoDir = Path.of(System.getProperty("branchwise.proto.dir", "../proto/src/main/proto"));
        Path script = Path.of(System.getProperty("branchwise.python.dir", "src/test/python"), "external_trainer.py");
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        run(List.of("protoc", "-I", protoDir.toString(), "--python_out=" + stubs, "--grpc_python_out=" + stubs,
                "--plugin=protoc-gen-grpc_python=" + GRPC_PLUGIN, "branchwise/search.proto"), 60,
                "generating Python stubs (needs apt packages protobuf-compiler and protobuf-compiler-grpc)");
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, ExternalTrainersOverGrpcTest.spec("py-external", "none").replace("trials: 6", "trials: 3"));

        try (RunningServer server = ExternalTrainersOverGrpcTest.hosting(dir.resolve("server"), c -> c)) {
            String output = run(List.of(PYTHON, script.toString(), Integer.toString(server.port), stubs.toString(),
                    spec.toString()), 240, "the Python trainer (needs apt package python3-grpcio)");
            assertThat(output).contains("external ok: 9 jobs (JOB_KIND_AFFINITY, JOB_KIND_BASELINE, JOB_KIND_REFERENCE,"
                    + " JOB_KIND_TRIAL)").contains("delta_m 10.0%");
            long id = server.storage.studyIdByName("py-external");
            List<TrialRecord> trials = server.storage.trials(id, -1, List.of());
            assertThat(trials).hasSize(3).allSatisfy(t -> {
                assertThat(t.state().name()).isEqualTo("COMPLETE");
                assertThat(t.values()).singleElement().satisfies(v ->
                        assertThat(v).as("Δm: every task 10%% better").isCloseTo(10.0, within(1e-9)));
                assertThat(server.storage.trialTaskValues(t.id())).containsOnlyKeys(1L, 2L, 3L, 4L);
            });
        }
    }

    private static String run(List<String> command, int timeoutSeconds, String what) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + what + ": " + e.getMessage(), e);
        }
        byte[] bytes = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(what + " did not finish in " + timeoutSeconds + " s");
        }
        String output = new String(bytes, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(what + " failed:\n" + output).isZero();
        return output;
    }
}
