package io.branchwise.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/branchwise}, the README's command, run with a stand-in {@code java} that prints its arguments: which
 * JVM options each kind of command gets, and what a user's own options replace.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("..", "bin", "branchwise").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int exit, List<String> args, String err) {
    }

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new java.util.ArrayList<>(List.of("sh", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        pb.environment().put("BRANCHWISE_JAR", dir.resolve("branchwise.jar").toString());
        pb.environment().remove("BRANCHWISE_JAVA_OPTIONS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out.lines().toList(), err);
    }

    private void jar() throws IOException {
        Files.writeString(dir.resolve("branchwise.jar"), "stand-in");
    }

    @Test
    void aCommandLineRunGetsTheClientCompilerAndTheSerialCollectorAndServeKeepsTheDefaults() throws Exception {
        jar();
        Run run = run(Map.of(), "run", "spec with space.yaml", "--db", "x");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.args()).containsExactly("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                dir.resolve("branchwise.jar").toString(), "run", "spec with space.yaml", "--db", "x");

        Run serve = run(Map.of(), "serve", "--port", "7300");
        assertThat(serve.args()).containsExactly("-jar", dir.resolve("branchwise.jar").toString(), "serve", "--port", "7300");
    }

    @Test
    void theUsersCollectorOrCompilerChoiceReplacesOursAndOtherOptionsAreAdded() throws Exception {
        jar();
        Run gc = run(Map.of("BRANCHWISE_JAVA_OPTIONS", "-XX:+UseG1GC -Xmx2g"), "train", "t.yaml");
        assertThat(gc.args()).containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseG1GC", "-Xmx2g", "-jar",
                dir.resolve("branchwise.jar").toString(), "train", "t.yaml");
        Run jit = run(Map.of("BRANCHWISE_JAVA_OPTIONS", "-XX:TieredStopAtLevel=4"), "calibrate", "t.yaml");
        assertThat(jit.args()).containsExactly("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=4", "-jar",
                dir.resolve("branchwise.jar").toString(), "calibrate", "t.yaml");
    }

    @Test
    void aMissingJarIsNamedWithTheBuildCommand() throws Exception {
        Run run = run(Map.of(), "run", "x.yaml");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.args()).isEmpty();
        assertThat(run.err()).contains(dir.resolve("branchwise.jar").toString()).contains("mvn -B -q package -DskipTests");
    }
}
