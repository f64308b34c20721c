package io.branchwise.launcher;

import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warm trainer processes: one process serves job after job, and every way a job can end badly — crash, hang,
 * out of memory, a stop, a death between two jobs — costs that job only; the next runs in a healthy process and
 * nothing of one job is attributed to another.
 */
class WarmTrainerPoolTest {
    @TempDir
    Path work;
    private LocalTrainerLauncher launcher;

    private LocalTrainerLauncher launcher(LocalTrainerLauncher.Pool pool) {
        launcher = new LocalTrainerLauncher(LocalTrainerLauncher.Settings.defaults(List.of()).withHeap("96m")
                .withSilenceLimit(Duration.ofSeconds(4)).withStopGrace(Duration.ofSeconds(2)).withPool(pool));
        return launcher;
    }

    private LocalTrainerLauncher launcher() {
        return launcher(LocalTrainerLauncher.Pool.defaults().withKeepIdle(1));
    }

    @AfterEach
    void close() {
        if (launcher != null) {
            launcher.close();
        }
    }

    private static Map<String, Object> spec(String behaviour, int epochs, int rows) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("trainer", "scripted");
        spec.put("seed", 3);
        spec.put("data", Map.of("source", "fixture", "options", Map.of("rows", rows)));
        spec.put("tasks", List.of(Map.of("name", "a", "type", "fixture-regression", "target", "a"),
                Map.of("name", "b", "type", "fixture-regression", "target", "b")));
        spec.put("layout", "1x8[a,b]");
        spec.put("training", Map.of("epochs", epochs, "extra", Map.of("behaviour", behaviour)));
        return spec;
    }

    private TrialRun launch(Map<String, Object> spec, String folder, TrialListener listener) {
        return launcher.launch(new TrialJob(TrialSpecReader.fromMap(spec, work), work.resolve(folder), Duration.ofMinutes(2)), listener);
    }

    private TrialOutcome run(Map<String, Object> spec, String folder) throws Exception {
        return launch(spec, folder, TrialListener.NONE).outcome().get(2, TimeUnit.MINUTES);
    }

    /** A listener that hands every epoch and log line to the given lists. */
    private static TrialListener recording(List<EpochReport> epochs, List<String> logs) {
        return new TrialListener() {
            @Override
            public void onEpoch(EpochReport report) {
                epochs.add(report);
            }

            @Override
            public void onLog(String line) {
                logs.add(line);
            }
        };
    }

    /** A listener that completes {@code first} at the first epoch. */
    private static TrialListener onFirstEpoch(CompletableFuture<Void> first) {
        return new TrialListener() {
            @Override
            public void onEpoch(EpochReport report) {
                first.complete(null);
            }
        };
    }

    private static double rmse(TrialOutcome o) {
        return o.result().validation().get("a").get("rmse");
    }

    @Test
    void oneProcessServesJobAfterJobWithTheSameResultsAsAFreshOne() throws Exception {
        launcher();
        TrialOutcome first = run(spec("complete", 2, 32), "t1");
        TrialOutcome other = run(spec("noisy", 3, 48), "t2");
        TrialOutcome again = run(spec("complete", 2, 32), "t3");
        assertThat(List.of(first, other, again)).allMatch(o -> o.status() == TrialOutcome.Status.COMPLETE);
        assertThat(launcher.workerReports()).singleElement().satisfies(w -> {
            assertThat(w.trainings()).isEqualTo(3);
            assertThat(w.alive()).isTrue();
        });
        assertThat(rmse(again)).isEqualTo(rmse(first));
        assertThat(rmse(other)).isNotEqualTo(rmse(first));
        // Each job's printing went to its own log.
        assertThat(work.resolve("t2").resolve(LocalTrainerLauncher.LOG_FILE)).content().contains("must not reach the protocol");
        assertThat(work.resolve("t3").resolve(LocalTrainerLauncher.LOG_FILE)).content().doesNotContain("must not reach");
    }

    @Test
    void everyFailureCostsOneJobAndTheNextRunsInAHealthyProcess() throws Exception {
        launcher();
        record Case(String behaviour, String reason) {
        }
        List<Case> cases = List.of(
                new Case("exit", "trainer process exited with code 7 without a result"),
                new Case("sigkill", "trainer process was killed by signal 9"),
                new Case("oom", "trainer ran out of memory (heap limit 96m)"),
                new Case("hang", "trainer hung: no report for 4 s"),
                new Case("throw", "IllegalStateException: planned failure in epoch 1"));
        int n = 0;
        for (Case c : cases) {
            TrialOutcome bad = run(spec(c.behaviour(), 1, 32), "bad" + n);
            assertThat(bad.status()).as(c.behaviour()).isEqualTo(TrialOutcome.Status.FAILED);
            assertThat(bad.reason()).as(c.behaviour()).startsWith(c.reason());
            TrialOutcome next = run(spec("complete", 2, 32), "next" + n++);
            assertThat(next.status()).as("after " + c.behaviour() + ": " + next.reason())
                    .isEqualTo(TrialOutcome.Status.COMPLETE);
        }
        // Four crashes replaced four processes; the Java exception left its process in service.
        assertThat(launcher.workerReports()).hasSize(5);
        assertThat(launcher.workerReports().stream().filter(LocalTrainerLauncher.WorkerReport::alive))
                .singleElement().satisfies(w -> assertThat(w.trainings()).isEqualTo(3));
    }

    @Test
    void aStoppedJobReturnsItsPartialResultAndItsProcessServesTheNext() throws Exception {
        launcher();
        CompletableFuture<Void> firstEpoch = new CompletableFuture<>();
        TrialRun run = launch(spec("until-stopped", 1, 32), "pruned", onFirstEpoch(firstEpoch));
        firstEpoch.get(1, TimeUnit.MINUTES);
        run.stop("pruned at epoch 1");
        TrialOutcome pruned = run.outcome().get(1, TimeUnit.MINUTES);
        assertThat(pruned.status()).isEqualTo(TrialOutcome.Status.STOPPED);
        assertThat(pruned.result().epochs()).isEqualTo(1);
        // A stop that arrives after its job ended must not stop the next one.
        run.stop("late stop");
        TrialOutcome next = run(spec("complete", 3, 32), "next");
        assertThat(next.status()).isEqualTo(TrialOutcome.Status.COMPLETE);
        assertThat(next.result().epochs()).isEqualTo(3);
        assertThat(launcher.workerReports()).singleElement().satisfies(w -> assertThat(w.trainings()).isEqualTo(2));
    }

    @Test
    void aTrainerThatIgnoresItsStopIsKilledAndReplaced() throws Exception {
        launcher();
        CompletableFuture<Void> firstEpoch = new CompletableFuture<>();
        TrialRun run = launch(spec("ignore-stop", 1, 32), "stuck", onFirstEpoch(firstEpoch));
        firstEpoch.get(1, TimeUnit.MINUTES);
        run.stop("cancelled");
        assertThat(run.outcome().get(1, TimeUnit.MINUTES).reason())
                .isEqualTo("cancelled; the trainer did not return within 2 s and was killed");
        assertThat(run(spec("complete", 1, 32), "next").status()).isEqualTo(TrialOutcome.Status.COMPLETE);
        assertThat(launcher.workerReports()).hasSize(2);
    }

    @Test
    void aProcessThatDiesBetweenJobsIsReplacedAndNoResultIsAttributedToAnotherJob() throws Exception {
        launcher();
        List<EpochReport> firstEpochs = new CopyOnWriteArrayList<>();
        TrialOutcome first = launch(spec("exit-after-result", 2, 32), "first",
                recording(firstEpochs, new CopyOnWriteArrayList<>())).outcome().get(1, TimeUnit.MINUTES);
        assertThat(first.status()).isEqualTo(TrialOutcome.Status.COMPLETE);
        assertThat(first.result().epochs()).isEqualTo(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (launcher.workerReports().get(0).alive() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // waits on the condition itself: the first process has died
        }
        assertThat(launcher.workerReports().get(0).alive()).isFalse();

        List<EpochReport> secondEpochs = new CopyOnWriteArrayList<>();
        TrialOutcome second = launch(spec("complete", 3, 48), "second",
                recording(secondEpochs, new CopyOnWriteArrayList<>())).outcome().get(1, TimeUnit.MINUTES);
        assertThat(second.status()).as(second.reason()).isEqualTo(TrialOutcome.Status.COMPLETE);
        assertThat(second.result().epochs()).isEqualTo(3);
        assertThat(secondEpochs).extracting(EpochReport::epoch).containsExactly(1, 2, 3);
        assertThat(firstEpochs).extracting(EpochReport::epoch).containsExactly(1, 2);
        assertThat(launcher.workerReports()).hasSize(2);
    }

    @Test
    void reportsAFinishedJobSendsLaterReachNobody() throws Exception {
        launcher();
        List<EpochReport> firstEpochs = new CopyOnWriteArrayList<>();
        List<String> firstLogs = new CopyOnWriteArrayList<>();
        TrialOutcome first = launch(spec("late-report", 1, 32), "first", recording(firstEpochs, firstLogs))
                .outcome().get(1, TimeUnit.MINUTES);
        assertThat(first.status()).isEqualTo(TrialOutcome.Status.COMPLETE);
        List<EpochReport> secondEpochs = new CopyOnWriteArrayList<>();
        List<String> secondLogs = new CopyOnWriteArrayList<>();
        TrialOutcome second = launch(spec("complete", 2, 32), "second", recording(secondEpochs, secondLogs))
                .outcome().get(1, TimeUnit.MINUTES);
        assertThat(second.status()).isEqualTo(TrialOutcome.Status.COMPLETE);
        assertThat(launcher.workerReports()).singleElement().satisfies(w -> assertThat(w.trainings()).isEqualTo(2));
        assertThat(secondEpochs).extracting(EpochReport::epoch).containsExactly(1, 2);
        assertThat(secondLogs).noneMatch(l -> l.contains("late line"));
        assertThat(firstEpochs).extracting(EpochReport::epoch).containsExactly(1);
        assertThat(firstLogs).noneMatch(l -> l.contains("late line"));
    }

    @Test
    void aProcessIsRecycledAfterItsQuotaOfTrainings() throws Exception {
        launcher(new LocalTrainerLauncher.Pool(1, 2, 0, Duration.ofMinutes(5)));
        for (int i = 0; i < 5; i++) {
            assertThat(run(spec("complete", 1, 32), "t" + i).status()).isEqualTo(TrialOutcome.Status.COMPLETE);
        }
        assertThat(launcher.workerReports()).extracting(LocalTrainerLauncher.WorkerReport::trainings)
                .containsExactly(2, 2, 1);
    }

    @Test
    void aJobWhoseProcessOutgrowsItsMemoryLimitFailsAndTheNextRunsInAHealthyProcess() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ProcessMemory.readable(), "the watchdog reads /proc (Linux)");
        // Heap 96 MiB plus 160 MiB off the heap: a scripted trainer's JVM stays well under it, a native leak does not.
        launcher = new LocalTrainerLauncher(LocalTrainerLauncher.Settings.defaults(List.of()).withHeap("96m")
                .withOffHeapLimit(160L << 20).withSilenceLimit(Duration.ofSeconds(20)).withStopGrace(Duration.ofSeconds(2))
                .withPool(LocalTrainerLauncher.Pool.defaults().withKeepIdle(1)));
        assertThat(run(spec("complete", 1, 32), "before").status()).isEqualTo(TrialOutcome.Status.COMPLETE);
        TrialOutcome leak = run(spec("native-hog", 1, 32), "leak");
        assertThat(leak.status()).isEqualTo(TrialOutcome.Status.FAILED);
        assertThat(leak.reason()).startsWith("trainer ran out of memory: ")
                .contains("over its limit of 256 MiB (heap 96m and 160 MiB off the heap)");
        TrialOutcome next = run(spec("complete", 2, 32), "next");
        assertThat(next.status()).as(next.reason()).isEqualTo(TrialOutcome.Status.COMPLETE);
        assertThat(launcher.workerReports()).hasSize(2);
    }

    @Test
    void aProcessWhoseResidentMemoryPassesTheLimitIsRecycled() throws Exception {
        // A 24 MiB heap plus 1 MiB: any JVM's code, metaspace and threads take more, so every process serves one job.
        launcher = new LocalTrainerLauncher(LocalTrainerLauncher.Settings.defaults(List.of()).withHeap("24m")
                .withSilenceLimit(Duration.ofSeconds(20)).withPool(new LocalTrainerLauncher.Pool(1, 100, 1 << 20,
                        Duration.ofMinutes(5))));
        for (int i = 0; i < 2; i++) {
            TrialOutcome outcome = run(spec("complete", 1, 32), "t" + i);
            assertThat(outcome.status()).as(outcome.reason()).isEqualTo(TrialOutcome.Status.COMPLETE);
        }
        assertThat(launcher.workerReports()).extracting(LocalTrainerLauncher.WorkerReport::trainings)
                .containsExactly(1, 1);
        assertThat(launcher.workerReports().get(0).memory().peakBytes()).isGreaterThan(25L << 20);

        // The same allowance above a larger heap: the process stays for the next job.
        launcher.close();
        launcher = new LocalTrainerLauncher(LocalTrainerLauncher.Settings.defaults(List.of()).withHeap("4g")
                .withSilenceLimit(Duration.ofSeconds(20)).withPool(new LocalTrainerLauncher.Pool(1, 100, 1 << 20,
                        Duration.ofMinutes(5))));
        for (int i = 0; i < 2; i++) {
            assertThat(run(spec("complete", 1, 32), "u" + i).status()).isEqualTo(TrialOutcome.Status.COMPLETE);
        }
        assertThat(launcher.workerReports()).extracting(LocalTrainerLauncher.WorkerReport::trainings).containsExactly(2);
    }
}
