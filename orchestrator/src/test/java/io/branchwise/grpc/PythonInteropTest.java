package io.branchwise.grpc;

import io.branchwise.storage.StudyRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-language check: Python's grpcio (Debian's python3-grpcio) with stubs that Debian's protoc generates from
 * our api.proto drives the server through the contract. .ci/run installs the packages; without them this test
 * fails and says which are missing, because skipping would hide a broken wire format.
 */
class PythonInteropTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String GRPC_PLUGIN = "/usr/bin/grpc_python_plugin";

    @TempDir
    Path dir;

    @Test
    void pythonGrpcClientSpeaksTheContract() throws Exception {
        Path protoDir = Path.of(System.getProperty("branchwise.proto.dir", "../proto/src/main/proto"));
        Path script = Path.of(System.getProperty("branchwise.python.dir", "src/test/python"), "optuna_wire_client.py");
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        run(List.of("protoc", "-I", protoDir.toString(), "--python_out=" + stubs,
                "--grpc_python_out=" + stubs, "--plugin=protoc-gen-grpc_python=" + GRPC_PLUGIN, "api.proto"), 60,
                "generating Python stubs (needs apt packages protobuf-compiler and protobuf-compiler-grpc)");

        try (RunningServer server = new RunningServer(dir.resolve("db"))) {
            String output = run(List.of(PYTHON, script.toString(), Integer.toString(server.port), stubs.toString()),
                    300, "the Python client (needs apt package python3-grpcio)");
            assertThat(output).containsPattern("interop ok: \\d+ checks");

            StudyRecord study = server.storage.study(server.storage.studyIdByName("py-interop"));
            assertThat(study.userAttributes().get("text"))
                    .as("Python's json.dumps text is stored as sent").isEqualTo("\"\\u00fcn\\u00ef \\u2713\"");
            assertThat(study.userAttributes().get("nan")).isEqualTo("NaN");
        }
    }

    private static String run(List<String> command, int timeoutSeconds, String what)
            throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + what + ": " + e.getMessage(), e);
        }
        // Output is small; reading to EOF also waits for the process to close its side.
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
