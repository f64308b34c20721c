package io.branchwise.grpc;

import io.branchwise.storage.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Cross-language check of the external-trainer API: a Python trainer (Debian's python3-grpcio, stubs from Debian's
 * protoc) starts a search over gRPC and trains all of its jobs through Ask / Report / Tell. Like
 * {@link PythonInteropTest}, it fails and names the missing packages rather than skipping.
 */
@Timeout(300)
class PythonExternalTrainerTest {

    @TempDir
    Path dir;

    @Test
    void aPythonTrainerTrainsAWholeSearch() throws Exception {
        Path stubs = PythonGrpc.stubs(dir, "branchwise/search.proto");
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, ExternalTrainersOverGrpcTest.spec("py-external", "none").replace("trials: 6", "trials: 3"));

        try (RunningServer server = ExternalTrainersOverGrpcTest.hosting(dir.resolve("server"), c -> c)) {
            String output = PythonGrpc.script("external_trainer.py", 240,
                    List.of(Integer.toString(server.port), stubs.toString(), spec.toString()));
            assertThat(output).contains("external ok: 12 jobs (JOB_KIND_AFFINITY, JOB_KIND_BASELINE, JOB_KIND_REFERENCE,"
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
}
