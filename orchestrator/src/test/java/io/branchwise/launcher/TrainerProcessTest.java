package io.branchwise.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The child's side of the protocol, spoken to directly rather than through the launcher. */
class TrainerProcessTest {
    @TempDir
    Path dir;
    private Process child;

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // The layout names a task the spec does not have.
            "\"target\": \"t0\"}], \"layout\": \"1x8[a,b]\" | layout          | unexpected [b]",
            // No target column at all.
            "\"targets\": []}], \"layout\": \"1x8[a]\"        | tasks[0].targets | at least one target"})
    // Without the failure the parent would wait for ever, and so would this test's blocking read.
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStartWhoseSpecCannotBeReadFailsItsJobWithTheSpecsPathInsteadOfLeavingTheParentWaiting(String tail, String path,
                                                                                               String problem) throws Exception {
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-cp", System.getProperty("java.class.path"), TrainerProcess.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (Writer in = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            in.write("{\"type\": \"start\", \"job\": 4, \"base_directory\": \"" + dir.toString().replace("\\", "\\\\")
                    + "\", \"work_directory\": \"" + dir.toString().replace("\\", "\\\\") + "\", \"spec\": {\"data\":"
                    + " {\"source\": \"synthetic\"}, \"tasks\": [{\"name\": \"a\", \"type\": \"regression\", " + tail + "}}\n");
            in.flush();
            TrainerMessage.Failure failure = null;
            String line;
            while (failure == null && (line = out.readLine()) != null) {
                Optional<TrainerProtocol.Line> l = TrainerProtocol.decodeLine(line);
                if (l.isPresent() && l.get().message() instanceof TrainerMessage.Failure f) {
                    assertThat(l.get().job()).isEqualTo(4);
                    failure = f;
                }
            }
            assertThat(failure).as("the job's failure arrived").isNotNull();
            assertThat(failure.path()).isEqualTo(path);
            assertThat(failure.message()).contains(problem);
        }
        assertThat(child.waitFor(15, TimeUnit.SECONDS)).as("stdin closed: the process ends of its own accord").isTrue();
        assertThat(child.exitValue()).isZero();
    }
}
