package io.branchwise.search;

import io.branchwise.launcher.TrainerLauncher;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialListener;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.launcher.TrialRun;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.trial.TrialSpec;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pool with an in-process launcher whose trials end the moment they start (after one epoch report), so every
 * event is already queued when the pool looks: the order and counts below do not depend on timing.
 */
class TrainerPoolTest {
    /** Records launches and stops; each trial reports epoch 1 and completes at once. */
    private static final class InstantLauncher implements TrainerLauncher {
        final List<String> launched = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();

        @Override
        public TrialRun launch(TrialJob job, TrialListener listener) {
            String name = job.workDirectory().getFileName().toString();
            launched.add(name);
            listener.onEpoch(new EpochReport(1, Map.of("a", 1.0), Map.of("a", 1.0), 0.0, 1));
            CompletableFuture<TrialOutcome> outcome = CompletableFuture.completedFuture(
                    new TrialOutcome(TrialOutcome.Status.COMPLETE, null, "", ""));
            return new TrialRun() {
                @Override
                public CompletableFuture<TrialOutcome> outcome() {
                    return outcome;
                }

                @Override
                public void stop(String reason) {
                    stopped.add(name + ": " + reason);
                }
            };
        }
    }

    private static final TrialSpec SPEC = TrialSpecReader.fromMap(TrialSpecReader.parseYaml(
            "data: {source: synthetic}\ntasks: [{name: a, type: regression, target: t0}]\nlayout: \"1x8[a]\"", "spec"),
            Path.of("."));

    private static TrialJob job(String name) {
        return new TrialJob(SPEC, Path.of(name), Duration.ofMinutes(1));
    }

    /** Jobs j0..j{n-1}; the handler logs events and may act on them. */
    private static final class Source implements TrainerPool.JobSource {
        final List<String> log = new ArrayList<>();
        final int n;
        int next;
        int inFlight;
        int maxInFlight;
        java.util.function.Consumer<String> onOutcome = name -> { };

        Source(int n) {
            this.n = n;
        }

        @Override
        public TrainerPool.Job next() {
            if (next == n) {
                return null;
            }
            String name = "j" + next++;
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            return new TrainerPool.Job(job(name), new TrainerPool.Handler() {
                @Override
                public void onEpoch(TrialRun run, EpochReport report) {
                    log.add(name + " epoch " + report.epoch());
                }

                @Override
                public void onOutcome(TrialOutcome outcome) {
                    inFlight--;
                    log.add(name + " " + outcome.status());
                    onOutcome.accept(name);
                }
            });
        }
    }

    @Test
    void runsEveryJobWithAtMostParallelAtOnceAndEpochsBeforeOutcomes() throws InterruptedException {
        InstantLauncher launcher = new InstantLauncher();
        Source source = new Source(5);
        new TrainerPool(launcher, 2).drain(source);
        assertThat(launcher.launched).containsExactly("j0", "j1", "j2", "j3", "j4");
        assertThat(source.maxInFlight).isEqualTo(2);
        assertThat(source.log).hasSize(10);
        for (int i = 0; i < 5; i++) {
            assertThat(source.log.indexOf("j" + i + " epoch 1")).isLessThan(source.log.indexOf("j" + i + " COMPLETE"));
        }
    }

    @Test
    void aStopLaunchesNothingMoreAndReachesTheRunningTrainers() throws InterruptedException {
        InstantLauncher launcher = new InstantLauncher();
        TrainerPool pool = new TrainerPool(launcher, 3);
        Source source = new Source(10);
        source.onOutcome = name -> {
            if (name.equals("j0")) {
                pool.stop("user pressed Ctrl-C");
            }
        };
        pool.drain(source);
        assertThat(launcher.launched).containsExactly("j0", "j1", "j2");
        assertThat(launcher.stopped).containsExactly("j1: user pressed Ctrl-C", "j2: user pressed Ctrl-C");
        assertThat(pool.isStopping()).isTrue();
        // A later drain (the next phase) starts nothing either.
        Source later = new Source(2);
        pool.drain(later);
        assertThat(later.next).isZero();
    }

    @Test
    void aHandlerFailureStopsTheOthersAndIsRethrownOnceTheyEnded() {
        InstantLauncher launcher = new InstantLauncher();
        TrainerPool pool = new TrainerPool(launcher, 2);
        Source source = new Source(6);
        source.onOutcome = name -> {
            if (name.equals("j0")) {
                throw new IllegalStateException("disk full");
            }
        };
        assertThatThrownBy(() -> pool.drain(source)).isInstanceOf(IllegalStateException.class).hasMessage("disk full");
        assertThat(launcher.launched).containsExactly("j0", "j1");
        assertThat(launcher.stopped).containsExactly("j1: search failed: disk full");
        assertThat(source.log).as("after the failure only bookkeeping runs").doesNotContain("j1 COMPLETE");
    }

    /** A job whose spec has {@code layout} (and its tasks), named by its folder. */
    private static TrainerPool.Job sized(String name, String layout, List<String> ended) {
        String tasks = io.branchwise.space.layout.SharingLayout.parse(layout).tasks().stream()
                .map(t -> "{name: " + t + ", type: regression, target: t0}").collect(java.util.stream.Collectors.joining(", "));
        TrialSpec spec = TrialSpecReader.fromMap(TrialSpecReader.parseYaml("data: {source: synthetic}\ntasks: ["
                + tasks + "]\nlayout: \"" + layout + "\"", "spec"), Path.of("."));
        return new TrainerPool.Job(new TrialJob(spec, Path.of(name), Duration.ofMinutes(1)), outcome -> ended.add(name));
    }

    @Test
    void jobsThatMayRunInAnyOrderStartCostliestFirstAndJobsAddedWhileDrainingJoinTheQueue() throws InterruptedException {
        InstantLauncher launcher = new InstantLauncher();
        // A stand-in cost, the layout text's length: only the order it gives matters here.
        TrainerPool pool = new TrainerPool(launcher, 1, spec -> spec.layout().toString().length());
        List<String> ended = new ArrayList<>();
        pool.drainAll(List.of(sized("small", "1x8[a,b]", ended), sized("large", "0x0[1x64[a],1x64[b]]", ended),
                sized("equal-1", "1x16[a,b]", ended), sized("equal-2", "1x32[a,b]", ended)));
        assertThat(launcher.launched).containsExactly("large", "equal-1", "equal-2", "small");

        launcher.launched.clear();
        JobQueue queue = pool.queue();
        queue.add(sized("first", "1x8[a,b]", ended));
        queue.add(new TrainerPool.Job(sized("opens", "1x16[a,b]", ended).job(),
                outcome -> queue.add(sized("follow-up", "0x0[1x64[a],1x64[b]]", ended))));
        pool.drain(queue);
        assertThat(launcher.launched).containsExactly("opens", "follow-up", "first");
    }

    @Test
    void trainingCostRanksNetworksByTheirWork() {
        TrainingCost cost = new TrainingCost(List.of(bound("a"), bound("b")));
        double linear = cost.of(spec("0x0[a]"));
        double single = cost.of(spec("2x128[a]"));
        double hard = cost.of(spec("2x128[a,b]"));
        double separate = cost.of(spec("0x0[2x128[a],2x128[b]]"));
        assertThat(linear).isLessThan(single);
        assertThat(single).isLessThan(hard);
        assertThat(hard).isLessThan(separate);
        assertThat(cost.of(spec("2x128[a]").withTraining(spec("2x128[a]").training().withEpochs(20))))
                .isEqualTo(20 * single / spec("2x128[a]").training().epochs());
        // A backward pass per task for a gradient-combining weighting; affinity measurements on top.
        TrialSpec pcgrad = TrialSpecReader.fromMap(TrialSpecReader.parseYaml("data: {source: synthetic}\ntasks: ["
                + "{name: a, type: regression, target: t0}, {name: b, type: regression, target: t1}]\n"
                + "layout: \"2x128[a,b]\"\nweighting: {method: pcgrad}", "spec"), Path.of("."));
        assertThat(cost.of(pcgrad)).isEqualTo(2 * hard);
        TrialSpec affinity = spec("2x128[a,b]").withTraining(spec("2x128[a,b]").training().withAffinityEvery(4));
        assertThat(cost.of(affinity)).isEqualTo(hard * (1 + 2.0 * 2 / 4));
    }

    private static io.branchwise.search.spec.BoundTask bound(String name) {
        return new io.branchwise.search.spec.BoundTask(io.branchwise.plugin.task.TaskDefinition.of(name, "regression", name),
                "rmse", false, 1, 20, new io.branchwise.search.spec.TrivialScores(Map.of("rmse", 1.0), Map.of("rmse", 1.0)));
    }

    private static TrialSpec spec(String layout) {
        return sized("x", layout, new ArrayList<>()).job().spec();
    }
}
