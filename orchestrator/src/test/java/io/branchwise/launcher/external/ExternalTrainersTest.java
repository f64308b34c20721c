package io.branchwise.launcher.external;

import io.branchwise.json.PlainJson;
import io.branchwise.launcher.MalformedMessageException;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialListener;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.launcher.TrialRun;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.space.grouping.AffinityMatrix;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import io.branchwise.trial.TrialSpec;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The queue, the lease and the stop rules of {@link ExternalTrainers}, driven directly, without gRPC. */
@Timeout(60)
class ExternalTrainersTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final String EPOCH_1 = "{\"type\": \"epoch\", \"epoch\": 1, \"values\": {\"a\": 0.5, \"b\": NaN},"
            + " \"train_loss\": {\"a\": 1.5, \"b\": 2.5}, \"seconds\": 0.25, \"samples\": 640}";
    private static final String RESULT = "{\"type\": \"result\", \"epochs\": 2, \"validation\": {\"a\": {\"rmse\": 0.4},"
            + " \"b\": {\"rmse\": 0.6}}, \"test\": {\"a\": {\"rmse\": 0.45}, \"b\": {\"rmse\": 0.65}},"
            + " \"model\": \"/models/m.zip\", \"samples_per_second\": 1000.0}";

    private ExternalTrainers trainers = new ExternalTrainers(ExternalTrainers.Settings.defaults());

    @AfterEach
    void close() {
        trainers.close();
    }

    void use(ExternalTrainers.Settings settings) {
        trainers.close();
        trainers = new ExternalTrainers(settings);
    }

    static TrialSpec spec(String... tasks) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("trainer", "dl4j");
        spec.put("seed", 7L);
        spec.put("data", Map.of("source", "synthetic", "options", Map.of("tasks", tasks.length)));
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < tasks.length; i++) {
            list.add(Map.of("name", tasks[i], "type", "regression", "target", "t" + i));
        }
        spec.put("tasks", list);
        spec.put("layout", "1x8[" + String.join(",", tasks) + "]");
        spec.put("training", Map.of("epochs", 2L, "learning_rate", 0.01));
        return TrialSpecReader.fromMap(spec, Path.of("/data/base"));
    }

    static TrialJob job(String name, TrialJob.Kind kind, Duration timeLimit) {
        return new TrialJob(spec("a", "b"), Path.of("/work/study", name), timeLimit, kind);
    }

    static TrialJob job(String name) {
        return job(name, TrialJob.Kind.TRIAL, Duration.ofMinutes(10));
    }

    /** Everything a search would be told about a trial. */
    static final class Heard implements TrialListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onEpoch(EpochReport r) {
            events.add("epoch " + r.epoch() + " " + r.values() + " " + r.trainLoss() + " " + r.seconds() + " " + r.samples());
        }

        @Override
        public void onAffinity(AffinityMatrix a, long step) {
            events.add("affinity " + a.tasks() + " " + a.get(0, 1) + " at " + step);
        }

        @Override
        public void onLog(String line) {
            events.add("log " + line);
        }
    }

    Assignment askNow(String worker) throws Exception {
        return trainers.ask(worker, 0, Duration.ZERO).get(5, TimeUnit.SECONDS).orElseThrow();
    }

    static TrialOutcome outcome(TrialRun run) throws Exception {
        return run.outcome().get(10, TimeUnit.SECONDS);
    }

    static void refused(Class<? extends RuntimeException> type, String message, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(message);
    }

    @Test
    void askHandsOutQueuedJobsOldestFirstWithTheSpecAsATrainerProcessGetsIt() throws Exception {
        trainers.launch(job("stl-a", TrialJob.Kind.BASELINE, Duration.ofSeconds(90)), TrialListener.NONE);
        trainers.launch(job("trial-0"), TrialListener.NONE);
        assertThat(trainers.queuedJobs()).isEqualTo(2);

        Assignment first = askNow("w1");
        assertThat(first.kind()).isEqualTo(TrialJob.Kind.BASELINE);
        assertThat(first.jobName()).isEqualTo("stl-a");
        assertThat(TrialSpecReader.fromMap((Map<String, Object>) PlainJson.read(first.trialSpecJson()),
                Path.of(first.baseDirectory()))).as("the spec as a trainer in any language reads it").isEqualTo(spec("a", "b"));
        assertThat(first.baseDirectory()).isEqualTo(Path.of("/data/base").toAbsolutePath().toString());
        assertThat(first.timeLimit()).isEqualTo(Duration.ofSeconds(90));
        assertThat(first.lease()).isEqualTo(Duration.ofSeconds(120));
        assertThat(first.studyId()).isZero();

        Assignment second = askNow("w2");
        assertThat(second.jobName()).isEqualTo("trial-0");
        assertThat(second.ticket()).isNotEqualTo(first.ticket());
        assertThat(trainers.ask("w3", 0, Duration.ZERO).get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aWaitingAskIsAnsweredByTheNextJobAndAnAskWithNoJobEndsEmptyAfterItsWait() throws Exception {
        CompletableFuture<Optional<Assignment>> waiting = trainers.ask("w1", 0, LONG);
        assertThat(waiting).isNotDone();
        trainers.launch(job("trial-0"), TrialListener.NONE);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).get().extracting(Assignment::jobName).isEqualTo("trial-0");
        assertThat(trainers.queuedJobs()).isZero();

        long start = System.nanoTime();
        assertThat(trainers.ask("w1", 0, Duration.ofMillis(200)).get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(System.nanoTime() - start).as("it waited").isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    }

    @Test
    void aWithdrawnAskGetsNoJob() throws Exception {
        CompletableFuture<Optional<Assignment>> gone = trainers.ask("w1", 0, LONG);
        gone.cancel(false);
        trainers.launch(job("trial-0"), TrialListener.NONE);
        assertThat(trainers.queuedJobs()).as("the job waits for a live asker").isEqualTo(1);
        assertThat(askNow("w2").jobName()).isEqualTo("trial-0");
    }

    @Test
    void anAskForOneStudyTakesOnlyThatStudysJobs() throws Exception {
        StudyLauncher one = trainers.forStudy("one");
        StudyLauncher two = trainers.forStudy("two");
        one.studyOpened(11);
        two.studyOpened(12);
        one.launch(job("trial-0"), TrialListener.NONE);
        CompletableFuture<Optional<Assignment>> forTwo = trainers.ask("w1", 12, LONG);
        assertThat(forTwo).as("study 11's job is not for it").isNotDone();
        two.launch(job("trial-5"), TrialListener.NONE);
        Assignment a = forTwo.get(5, TimeUnit.SECONDS).orElseThrow();
        assertThat(a.jobName()).isEqualTo("trial-5");
        assertThat(a.studyId()).isEqualTo(12);
        assertThat(a.studyName()).isEqualTo("two");
        Assignment any = askNow("w2");
        assertThat(any.studyId()).isEqualTo(11);
        assertThat(any.studyName()).isEqualTo("one");
    }

    @Test
    void reportsReachTheListenerInOrderAndTheToldResultCompletesTheTrial() throws Exception {
        Heard heard = new Heard();
        TrialRun run = trainers.launch(job("trial-0"), heard);
        Assignment a = askNow("w1");
        assertThat(trainers.report(a.ticket(), EPOCH_1, Duration.ZERO).get(5, TimeUnit.SECONDS))
                .isEqualTo(new StopSignal(false, ""));
        trainers.report(a.ticket(), "{\"type\": \"affinity\", \"step\": 40, \"tasks\": [\"a\", \"b\"],"
                + " \"matrix\": [[0.0, 0.25], [-0.5, 0.0]]}", Duration.ZERO).get(5, TimeUnit.SECONDS);
        trainers.report(a.ticket(), "{\"type\": \"log\", \"message\": \"warming up\"}", Duration.ZERO).get(5, TimeUnit.SECONDS);
        trainers.report(a.ticket(), "", Duration.ZERO).get(5, TimeUnit.SECONDS);
        trainers.report(a.ticket(), "{\"type\": \"alive\"}", Duration.ZERO).get(5, TimeUnit.SECONDS);
        // Only epoch and values are required: a trainer that does not count samples leaves them out.
        trainers.report(a.ticket(), "{\"type\": \"epoch\", \"epoch\": 2, \"values\": {\"a\": 0.4, \"b\": 0.6}}",
                Duration.ZERO).get(5, TimeUnit.SECONDS);
        assertThat(heard.events).containsExactly(
                "epoch 1 {a=0.5, b=NaN} {a=1.5, b=2.5} 0.25 640",
                "affinity [a, b] 0.25 at 40",
                "log warming up",
                "epoch 2 {a=0.4, b=0.6} {} 0.0 0");
        assertThat(run.outcome()).isNotDone();

        assertThat(trainers.tellResult(a.ticket(), RESULT)).isEqualTo(TrialOutcome.Status.COMPLETE);
        TrialOutcome o = outcome(run);
        assertThat(o.status()).isEqualTo(TrialOutcome.Status.COMPLETE);
        assertThat(o.result().epochs()).isEqualTo(2);
        assertThat(o.result().validation()).isEqualTo(Map.of("a", Map.of("rmse", 0.4), "b", Map.of("rmse", 0.6)));
        assertThat(o.result().test().get("b")).isEqualTo(Map.of("rmse", 0.65));
        assertThat(o.result().model()).isEqualTo(Path.of("/models/m.zip"));
        assertThat(o.result().affinity()).isNull();
    }

    @Test
    void aToldFailureFailsTheTrialWithTheTrainersReasonAndPath() throws Exception {
        TrialRun run = trainers.launch(job("trial-0"), TrialListener.NONE);
        Assignment a = askNow("w1");
        assertThat(trainers.tellFailure(a.ticket(), "CUDA error: out of memory", "training.batch_size"))
                .isEqualTo(TrialOutcome.Status.FAILED);
        assertThat(outcome(run)).isEqualTo(new TrialOutcome(TrialOutcome.Status.FAILED, null,
                "CUDA error: out of memory", "training.batch_size"));
    }

    @Test
    void stoppingAQueuedJobEndsItAtOnceAndNobodyGetsIt() throws Exception {
        TrialRun run = trainers.launch(job("trial-0"), TrialListener.NONE);
        run.stop("the search is stopping");
        assertThat(run.outcome()).isCompletedWithValue(TrialOutcome.stopped(null, "the search is stopping"));
        assertThat(trainers.queuedJobs()).isZero();
        assertThat(trainers.ask("w1", 0, Duration.ZERO).get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aStoppedTrainerLearnsItFromItsNextReportAndItsResultIsKept() throws Exception {
        TrialRun run = trainers.launch(job("trial-0"), TrialListener.NONE);
        Assignment a = askNow("w1");
        assertThat(trainers.report(a.ticket(), EPOCH_1, Duration.ZERO).get(5, TimeUnit.SECONDS).shouldStop()).isFalse();
        run.stop("pruned: task b trails its baseline");
        assertThat(run.outcome()).as("it waits for the trainer's word").isNotDone();
        assertThat(trainers.report(a.ticket(), "", Duration.ZERO).get(5, TimeUnit.SECONDS))
                .isEqualTo(new StopSignal(true, "pruned: task b trails its baseline"));
        assertThat(trainers.tellResult(a.ticket(), RESULT.replace("\"epochs\": 2", "\"epochs\": 1, \"stopped\": true")))
                .isEqualTo(TrialOutcome.Status.STOPPED);
        TrialOutcome o = outcome(run);
        assertThat(o.status()).isEqualTo(TrialOutcome.Status.STOPPED);
        assertThat(o.reason()).isEqualTo("pruned: task b trails its baseline");
        assertThat(o.result().epochs()).isEqualTo(1);
    }

    @Test
    void aStopWatchIsAnsweredTheMomentTheTrialIsStopped() throws Exception {
        TrialRun run = trainers.launch(job("trial-0"), TrialListener.NONE);
        Assignment a = askNow("w1");
        CompletableFuture<StopSignal> watch = trainers.report(a.ticket(), "", LONG);
        assertThat(watch).isNotDone();
        run.stop("the search is stopping");
        assertThat(watch.get(5, TimeUnit.SECONDS)).isEqualTo(new StopSignal(true, "the search is stopping"));

        // Without a stop, the watch ends after its wait with "go on".
        TrialRun other = trainers.launch(job("trial-1"), TrialListener.NONE);
        Assignment b = askNow("w2");
        assertThat(trainers.report(b.ticket(), "", Duration.ofMillis(100)).get(5, TimeUnit.SECONDS).shouldStop()).isFalse();
        assertThat(other.outcome()).isNotDone();
    }

    @Test
    void aStoppedTrainerThatNeverTellsEndsStoppedAfterTheGraceAndItsLateTellIsRefused() throws Exception {
        use(ExternalTrainers.Settings.defaults().withStopGrace(Duration.ofMillis(200)));
        TrialRun run = trainers.launch(job("trial-0"), TrialListener.NONE);
        Assignment a = askNow("gpu-7");
        run.stop("pruned: no gain");
        TrialOutcome o = outcome(run);
        assertThat(o.status()).isEqualTo(TrialOutcome.Status.STOPPED);
        assertThat(o.result()).isNull();
        assertThat(o.reason()).isEqualTo("pruned: no gain; the external trainer gpu-7 did not tell within 0.200 s");
        refused(TicketException.Ended.class, "already ended (STOPPED: pruned: no gain",
                () -> trainers.tellResult(a.ticket(), RESULT));
    }

    @Test
    void aTrainerSilentForLongerThanTheLeaseFailsItsTrialAndItsLateWordsAreRefused() throws Exception {
        use(ExternalTrainers.Settings.defaults().withLease(Duration.ofMillis(300)));
        TrialRun run = trainers.launch(job("trial-0"), TrialListener.NONE);
        Assignment a = askNow("gpu-7");
        assertThat(a.lease()).isEqualTo(Duration.ofMillis(300));
        TrialOutcome o = outcome(run);
        assertThat(o.status()).isEqualTo(TrialOutcome.Status.FAILED);
        assertThat(o.reason()).isEqualTo("external trainer gpu-7 went silent: no Report or Tell for 0.300 s");
        refused(TicketException.Ended.class, "the trial has already ended (FAILED: external trainer gpu-7 went silent",
                () -> trainers.report(a.ticket(), EPOCH_1, Duration.ZERO));
        refused(TicketException.Ended.class, "already ended", () -> trainers.tellResult(a.ticket(), RESULT));
    }

    @Test
    void reportsRenewTheLease() throws Exception {
        use(ExternalTrainers.Settings.defaults().withLease(Duration.ofMillis(600)));
        TrialRun run = trainers.launch(job("trial-0"), TrialListener.NONE);
        Assignment a = askNow("w1");
        // Four stop watches of half a lease each (the longest a watch may wait) span twice the lease.
        for (int i = 0; i < 4; i++) {
            assertThat(trainers.report(a.ticket(), "", Duration.ofSeconds(10)).get(5, TimeUnit.SECONDS).shouldStop()).isFalse();
        }
        assertThat(run.outcome()).as("still leased after twice the lease").isNotDone();
        assertThat(trainers.tellResult(a.ticket(), RESULT)).isEqualTo(TrialOutcome.Status.COMPLETE);
    }

    @Test
    void aJobToldLaterThanItsTimeLimitFails() throws Exception {
        TrialRun run = trainers.launch(job("trial-0", TrialJob.Kind.TRIAL, Duration.ofMillis(300)), TrialListener.NONE);
        Assignment a = askNow("w1");
        // Reporting keeps the lease, not the time limit.
        CompletableFuture<StopSignal> watch = trainers.report(a.ticket(), "", LONG);
        TrialOutcome o = outcome(run);
        assertThat(o.status()).isEqualTo(TrialOutcome.Status.FAILED);
        assertThat(o.reason()).isEqualTo("external trainer w1 exceeded the trial's time limit of 0.300 s");
        assertThat(watch.get(5, TimeUnit.SECONDS).shouldStop()).as("the watch learns the trial ended").isTrue();
    }

    @Test
    void badReportsAndTellsAreRefusedWithTheJsonPathAndChangeNothing() throws Exception {
        Heard heard = new Heard();
        TrialRun run = trainers.launch(job("affinity", TrialJob.Kind.AFFINITY, Duration.ofMinutes(1)), heard);
        Assignment a = askNow("w1");
        String t = a.ticket();
        refused(MalformedMessageException.class, "$: not JSON", () -> trainers.report(t, "{\"type\": ", Duration.ZERO));
        refused(MalformedMessageException.class, "$: expected a JSON object, got [1]", () -> trainers.report(t, "[1]", Duration.ZERO));
        refused(MalformedMessageException.class, "$.type: missing", () -> trainers.report(t, "{\"epoch\": 1}", Duration.ZERO));
        refused(MalformedMessageException.class, "$.type: unknown message type \"epoc\"",
                () -> trainers.report(t, "{\"type\": \"epoc\"}", Duration.ZERO));
        refused(MalformedMessageException.class, "$.type: a report is an epoch, affinity, log or alive message, not result"
                + " (a result goes with Tell)", () -> trainers.report(t, RESULT, Duration.ZERO));
        refused(MalformedMessageException.class, "$.epoch: expected an integer, got \"1\"",
                () -> trainers.report(t, EPOCH_1.replace("\"epoch\": 1", "\"epoch\": \"1\""), Duration.ZERO));
        refused(MalformedMessageException.class, "$.epoch: epochs count from 1, got 0",
                () -> trainers.report(t, EPOCH_1.replace("\"epoch\": 1", "\"epoch\": 0"), Duration.ZERO));
        refused(MalformedMessageException.class, "$.values.b: expected a number, got \"high\"",
                () -> trainers.report(t, EPOCH_1.replace("NaN", "\"high\""), Duration.ZERO));
        refused(MalformedMessageException.class, "$.samples: -5 is less than 0 (schema trainer-report.schema.json)",
                () -> trainers.report(t, EPOCH_1.replace("\"samples\": 640", "\"samples\": -5"), Duration.ZERO));
        refused(MalformedMessageException.class, "$.samples_per_second: -1 is less than 0 (schema trial-result.schema.json)",
                () -> trainers.tellResult(t, RESULT.replace("1000.0", "-1")));
        refused(MalformedMessageException.class, "$.values: has nothing for task(s) [b]; the trial's tasks are [a, b]",
                () -> trainers.report(t, EPOCH_1.replace(", \"b\": NaN", ""), Duration.ZERO));
        refused(MalformedMessageException.class, "$.values: names [c], not among the trial's tasks [a, b]",
                () -> trainers.report(t, EPOCH_1.replace("\"b\": NaN", "\"b\": 1, \"c\": 1"), Duration.ZERO));
        refused(MalformedMessageException.class, "$.matrix[1][0]: expected a number, got null",
                () -> trainers.report(t, "{\"type\": \"affinity\", \"step\": 1, \"tasks\": [\"a\", \"b\"], \"matrix\": [[0, 1], [null, 0]]}", Duration.ZERO));
        refused(MalformedMessageException.class, "$: affinity matrix must be square",
                () -> trainers.report(t, "{\"type\": \"affinity\", \"step\": 1, \"tasks\": [\"a\", \"b\"], \"matrix\": [[0, 1], [0]]}", Duration.ZERO));
        refused(MalformedMessageException.class, "$.validation: missing",
                () -> trainers.tellResult(t, "{\"epochs\": 2, \"test\": {}}"));
        refused(MalformedMessageException.class, "$.type: expected \"result\", got \"epoch\"",
                () -> trainers.tellResult(t, EPOCH_1));
        refused(MalformedMessageException.class, "$.test.a.rmse: expected a number, got \"0.45\"",
                () -> trainers.tellResult(t, RESULT.replace("0.45", "\"0.45\"")));
        refused(MalformedMessageException.class, "$.affinity: missing; an affinity job's result carries the averaged affinity matrix",
                () -> trainers.tellResult(t, RESULT));
        refused(MalformedMessageException.class, "$.affinity.tasks: names [c], not among the trial's tasks [a, b]",
                () -> trainers.tellResult(t, RESULT.replace("\"model\"", "\"affinity\": {\"tasks\": [\"a\", \"c\"],"
                        + " \"matrix\": [[0, 1], [1, 0]]}, \"model\"")));
        assertThat(heard.events).as("nothing malformed reached the search").isEmpty();
        assertThat(run.outcome()).as("nothing ended the trial").isNotDone();

        // The same ticket still works, and exactly one tell counts.
        trainers.report(t, EPOCH_1, Duration.ZERO).get(5, TimeUnit.SECONDS);
        assertThat(heard.events).hasSize(1);
        String withAffinity = RESULT.replace("\"model\"", "\"affinity\": {\"tasks\": [\"a\", \"b\"],"
                + " \"matrix\": [[0, 0.4], [0.3, 0]]}, \"model\"");
        assertThat(trainers.tellResult(t, withAffinity)).isEqualTo(TrialOutcome.Status.COMPLETE);
        assertThat(outcome(run).result().affinity().get(1, 0)).isEqualTo(0.3);
        refused(TicketException.Ended.class, "the trial has already ended (COMPLETE)", () -> trainers.tellResult(t, withAffinity));
        refused(TicketException.Ended.class, "already ended", () -> trainers.tellFailure(t, "late", ""));
    }

    @Test
    void unknownTicketsAreRefused() {
        refused(TicketException.Unknown.class, "ticket \"nope\" names no job", () -> trainers.report("nope", "", Duration.ZERO));
        refused(TicketException.Unknown.class, "names no job", () -> trainers.tellResult("nope", RESULT));
        refused(TicketException.Unknown.class, "names no job", () -> trainers.tellFailure("nope", "x", ""));
    }

    @Test
    void closingEndsOpenJobsAndAnswersWaitingAskers() throws Exception {
        TrialRun handed = trainers.launch(job("trial-0"), TrialListener.NONE);
        askNow("w1");
        TrialRun queued = trainers.launch(job("trial-1"), TrialListener.NONE);
        CompletableFuture<Optional<Assignment>> waiting = trainers.ask("w2", 99, LONG);
        trainers.close();
        assertThat(outcome(queued).status()).isEqualTo(TrialOutcome.Status.STOPPED);
        assertThat(outcome(handed).status()).isEqualTo(TrialOutcome.Status.STOPPED);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(outcome(trainers.launch(job("trial-2"), TrialListener.NONE)).status()).isEqualTo(TrialOutcome.Status.FAILED);
    }
}
