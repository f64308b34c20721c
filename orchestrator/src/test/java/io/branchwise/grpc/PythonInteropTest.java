package io.branchwise.grpc;

import io.branchwise.storage.StudyRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-language check: Python's grpcio (Debian's python3-grpcio) with stubs that Debian's protoc generates from
 * our api.proto drives the server through the contract. .ci/run installs the packages; without them this test
 * fails and says which are missing, because skipping would hide a broken wire format.
 */
class PythonInteropTest {

    @TempDir
    Path dir;

    @Test
    void pythonGrpcClientSpeaksTheContract() throws Exception {
        Path stubs = PythonGrpc.stubs(dir, "api.proto");

        try (RunningServer server = new RunningServer(dir.resolve("db"))) {
            String output = PythonGrpc.script("optuna_wire_client.py", 300,
                    List.of(Integer.toString(server.port), stubs.toString()));
            assertThat(output).containsPattern("interop ok: \\d+ checks");

            StudyRecord study = server.storage.study(server.storage.studyIdByName("py-interop"));
            assertThat(study.userAttributes().get("text"))
                    .as("Python's json.dumps text is stored as sent").isEqualTo("\"\\u00fcn\\u00ef \\u2713\"");
            assertThat(study.userAttributes().get("nan")).isEqualTo("NaN");
        }
    }
}
