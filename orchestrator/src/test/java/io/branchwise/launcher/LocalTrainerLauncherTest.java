package io.branchwise.launcher;

import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trials in real child JVMs: results stream back, spec errors found in the child carry their path. How each kind of
 * failure ends (and that the next trial runs in a healthy process) is {@link WarmTrainerPoolTest}'s.
 */
class LocalTrainerLauncherTest {
    private static LocalTrainerLauncher launcher;
    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        launcher = new LocalTrainerLauncher(LocalTrainerLauncher.Settings.defaults(List.of())
                .withHeap("96m").withSilenceLimit(Duration.ofSeconds(4)).withStopGrace(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        launcher.close();
    }

    private static Map<String, Object> spec(String behaviour, int epochs) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("trainer", "scripted");
        spec.put("seed", 3);
        spec.put("data", Map.of("source", "fixture", "options", Map.of("rows", 32)));
        spec.put("tasks", List.of(Map.of("name", "a", "type", "fixture-regression", "target", "a"),
                Map.of("name", "b", "type", "fixture-regression", "target", "b")));
        spec.put("layout", "1x8[a,b]");
        spec.put("training", Map.of("epochs", epochs, "extra", Map.of("behaviour", behaviour)));
        return spec;
    }

    private TrialOutcome run(Map<String, Object> spec, TrialListener listener) throws Exception {
        return launcher.launch(new TrialJob(TrialSpecReader.fromMap(spec, work), work.resolve("trial"), Duration.ofMinutes(2)), listener)
                .outcome().get(2, TimeUnit.MINUTES);
    }

    @Test
    void completeTrialStreamsEveryEpochInOrderThenItsResult() throws Exception {
        List<EpochReport> epochs = new CopyOnWriteArrayList<>();
        List<Long> affinitySteps = new CopyOnWriteArrayList<>();
        TrialOutcome outcome = run(spec("noisy", 3), new TrialListener() {
            @Override
            public void onEpoch(EpochReport report) {
                epochs.add(report);
            }

            @Override
            public void onAffinity(io.branchwise.space.grouping.AffinityMatrix affinity, long step) {
                affinitySteps.add(step);
            }
        });
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(TrialOutcome.Status.COMPLETE);
        assertThat(epochs).extracting(EpochReport::epoch).containsExactly(1, 2, 3);
        assertThat(epochs.get(0).values()).containsOnlyKeys("a", "b");
        assertThat(epochs.get(0).values().get("a")).isEqualTo(epochs.get(2).values().get("a") * 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(affinitySteps).containsExactly(10L);
        assertThat(outcome.result().validation().get("a").get("rmse")).isPositive();
        assertThat(outcome.result().test()).containsOnlyKeys("a", "b");
        assertThat(outcome.result().affinity().get(0, 0)).isEqualTo(0.5);
        assertThat(outcome.result().model()).hasContent("mean model");
        // The plugin's System.out line went to the log, not into the protocol.
        assertThat(Files.readString(work.resolve("trial").resolve(LocalTrainerLauncher.LOG_FILE)))
                .contains("must not reach the protocol");
    }

    @Test
    void specErrorFoundInTheChildCarriesItsPath() throws Exception {
        Map<String, Object> spec = spec("complete", 1);
        spec.put("tasks", List.of(Map.of("name", "a", "type", "fixture-regression", "target", "a"),
                Map.of("name", "b", "type", "fixture-regression", "target", "y9")));
        TrialOutcome outcome = run(spec, TrialListener.NONE);
        assertThat(outcome.status()).isEqualTo(TrialOutcome.Status.FAILED);
        assertThat(outcome.path()).isEqualTo("tasks[1].targets");
        assertThat(outcome.reason()).contains("column \"y9\" not in data set");
    }

    @Test
    void unknownTrainerIsNamedWithTheAvailableOnes() throws Exception {
        Map<String, Object> spec = spec("complete", 1);
        spec.put("trainer", "pytorch");
        TrialOutcome outcome = run(spec, TrialListener.NONE);
        assertThat(outcome.path()).isEqualTo("trainer");
        assertThat(outcome.reason()).contains("unknown trainer \"pytorch\"").contains("scripted");
    }

    @Test
    void trainersRunWithTheCollectorJitAndMemoryLimitsATrainingWants() {
        List<String> command = LocalTrainerLauncher.Settings.defaults(List.of()).withHeap("512m")
                .withOffHeapLimit(1L << 30).command();
        assertThat(command).contains("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.bytedeco.javacpp.maxbytes=1073741824", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0");
        assertThat(LocalTrainerLauncher.Settings.defaults(List.of()).withHeap("512m").withOffHeapLimit(1L << 30)
                .residentLimit()).isEqualTo((512L << 20) + (1L << 30));
    }
}
