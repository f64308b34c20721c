package io.branchwise.cli;

import io.branchwise.space.json.JsonParser;
import io.branchwise.space.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code branchwise train} end to end with the test plugins (the child JVM gets the test class path). */
class TrainCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run train(String spec, String... extra) throws Exception {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, spec);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] args = new String[4 + extra.length];
            args[0] = "train";
            args[1] = file.toString();
            args[2] = "--work";
            args[3] = dir.resolve("work").toString();
            System.arraycopy(extra, 0, args, 4, extra.length);
            int exit = new CommandLine(new BranchwiseCommand()).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static final String SPEC = """
            trainer: scripted
            data: {source: fixture, options: {rows: 16}}
            tasks:
              - {name: a, type: fixture-regression, target: a}
              - {name: b, type: fixture-regression, target: b}
            layout: {sharing: hard, trunk: {depth: 1, width: 4}}
            training: {epochs: 2}
            """;

    @Test
    void printsEveryEpochAndTheFinalTableAndWritesJson() throws Exception {
        Path json = dir.resolve("result.json");
        Run run = train(SPEC, "--json", json.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("epoch   1/2").contains("epoch   2/2").contains("COMPLETE")
                .containsPattern("a +rmse +\\d+\\.\\d{4} +\\d+\\.\\d{4}");
        JsonValue.JsonObject result = (JsonValue.JsonObject) JsonParser.parse(Files.readString(json));
        assertThat(result.members().get("status")).isEqualTo(new JsonValue.JsonString("COMPLETE"));
        assertThat(((JsonValue.JsonArray) result.members().get("epochs")).elements()).hasSize(2);
        assertThat(((JsonValue.JsonObject) result.members().get("test")).members()).containsOnlyKeys("a", "b");
        assertThat(result.members().get("layout")).isEqualTo(new JsonValue.JsonString("1x4[a,b]"));
    }

    @Test
    void badSpecIsRefusedBeforeAnyProcessStartsWithItsPath() throws Exception {
        Run run = train(SPEC.replace("type: fixture-regression, target: b", "type: ordinal, target: b"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("tasks[1].type: unknown task type \"ordinal\"");
        assertThat(dir.resolve("work")).doesNotExist();
    }

    @Test
    void failedTrialExitsNonZeroWithTheReason() throws Exception {
        Run run = train(SPEC.replace("training: {epochs: 2}", "training: {epochs: 2, extra: {behaviour: throw}}"));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED: IllegalStateException: planned failure in epoch 1");
    }
}
