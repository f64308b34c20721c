package io.branchwise.trainer.dl4j;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.Trainer;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.plugin.trainer.TrainingRequest;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.trainer.dl4j.fixtures.RecordingContext;
import io.branchwise.trainer.dl4j.bench.BuiltInHeads;
import io.branchwise.trainer.dl4j.fixtures.SyntheticData;
import io.branchwise.trainer.dl4j.training.ModelFile;
import io.branchwise.trainer.dl4j.training.Predictions;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class Dl4jTrainerTest {
    /** A regression target and a 3-class target that both depend on the first features, so sharing helps. */
    static final Dataset DATA = new SyntheticData(6)
            .continuous("y", x -> Math.sin(x[0]) + 0.5 * x[1] * x[1] - 0.5)
            .categorical("k", 3, x -> x[0] + x[1] > 0.7 ? 2 : x[0] + x[1] < -0.7 ? 0 : 1)
            .build(2000, 21);
    static final List<TaskHead> HEADS = List.of(BuiltInHeads.regression("reg", "y"), BuiltInHeads.multiclass("cls", "k", 3));
    static final LossWeighting EW = new LossWeighting(WeightingMethod.EW, Map.of(), Map.of());

    @TempDir
    Path work;

    static TrainingOptions options(int epochs) {
        return new TrainingOptions(epochs, 64, 0.01, TrainingOptions.Optimizer.ADAM, "relu", 0.0, false, 0, 17, null);
    }

    /** The RMSE of predicting the training mean: what a model that learned nothing scores. */
    static double baselineRmse(Dataset data) {
        float[] train = data.train().target("y");
        double mean = 0;
        for (float v : train) {
            mean += v / train.length;
        }
        float[] val = data.validation().target("y");
        double se = 0;
        for (float v : val) {
            se += (v - mean) * (v - mean);
        }
        return Math.sqrt(se / val.length);
    }

    TrialResult train(SharingLayout layout, List<TaskHead> heads, LossWeighting weighting, TrainingOptions o, RecordingContext ctx) throws Exception {
        return new Dl4jTrainer().train(new TrainingRequest(DATA, heads, layout, weighting, o, work), ctx);
    }

    /**
     * A warm trainer process calls {@code train} again and again on one thread: a training after others (another
     * layout, dropout, a gradient-combining weighting with affinity, uncertainty weights) gives exactly the metrics
     * it gives first — no weights, RNG state, workspace or weighting state carries over.
     */
    @Test
    void aTrainingAfterOthersInTheSameProcessGivesTheSameNumbersAsFirst() throws Exception {
        SharingLayout hard = SharingLayout.parse("1x16[reg,cls]");
        LossWeighting uw = new LossWeighting(WeightingMethod.UW, Map.of(), Map.of());
        LossWeighting pcgrad = new LossWeighting(WeightingMethod.PCGRAD, Map.of(), Map.of());
        TrialResult first = train(hard, HEADS, uw, options(3), new RecordingContext());
        TrainingOptions other = new TrainingOptions(2, 32, 0.003, TrainingOptions.Optimizer.ADAM, "tanh", 0.3, false, 4,
                99, null);
        train(SharingLayout.parse("1x24[1x8[reg],cls]"), HEADS, pcgrad, other, new RecordingContext());
        train(SharingLayout.parse("2x8[reg]"), List.of(HEADS.get(0)), EW, options(1), new RecordingContext());
        TrialResult again = train(hard, HEADS, uw, options(3), new RecordingContext());
        assertThat(again.validation()).isEqualTo(first.validation());
        assertThat(again.test()).isEqualTo(first.test());
        // Every workspace a training made is gone when it returns (Dl4jTrainer.destroyWorkspaces).
        assertThat(org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()).isEmpty();
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        assertThat(ServiceLoader.load(Trainer.class).stream().map(p -> p.get().name())).contains("dl4j");
    }

    @Test
    void hardSharingLearnsBothTasksAndReportsEveryEpoch() throws Exception {
        RecordingContext ctx = new RecordingContext();
        TrialResult r = train(SharingLayout.hardSharing(new Block(2, 32), List.of("reg", "cls")), HEADS, EW, options(6), ctx);

        assertThat(r.epochs()).isEqualTo(6);
        assertThat(r.stopped()).isFalse();
        assertThat(ctx.epochs).extracting(EpochReport::epoch).containsExactly(1, 2, 3, 4, 5, 6);
        for (EpochReport e : ctx.epochs) {
            assertThat(e.values()).containsOnlyKeys("reg", "cls");
            assertThat(e.trainLoss()).containsOnlyKeys("reg", "cls");
            assertThat(e.samples()).isEqualTo(DATA.train().rows());
            assertThat(e.seconds()).isPositive();
        }
        // Training losses fall, and the final model beats knowing nothing on both tasks.
        assertThat(ctx.epochs.get(5).trainLoss().get("reg")).isLessThan(ctx.epochs.get(0).trainLoss().get("reg"));
        assertThat(ctx.epochs.get(5).trainLoss().get("cls")).isLessThan(ctx.epochs.get(0).trainLoss().get("cls"));
        assertThat(r.validation().get("reg").get("rmse")).isLessThan(0.6 * baselineRmse(DATA));
        assertThat(r.validation().get("cls").get("accuracy")).isGreaterThan(0.85);
        assertThat(r.test().get("cls")).containsKey("accuracy");
        assertThat(r.test().get("reg")).containsKeys("rmse", "mae");
        // The kept epoch's report is the returned model's validation metric.
        assertThat(r.bestEpoch()).isBetween(1, 6);
        assertThat(ctx.epochs.get(r.bestEpoch() - 1).values().get("cls")).isEqualTo(r.validation().get("cls").get("accuracy"));
        assertThat(r.samplesPerSecond()).isPositive();
        assertThat(r.affinity()).isNull();
        assertThat(ctx.affinities).isEmpty();
    }

    /**
     * A target of pure noise on a few rows: a wide network only overfits, so validation error is lowest early and
     * grows. The training keeps that early epoch's weights — the saved model scores what the best epoch reported —
     * and stops once the patience has passed.
     */
    private static final Dataset NOISE = new SyntheticData(6).noise("y", 3).build(200, 4);
    private static final List<TaskHead> NOISE_HEAD = List.of(BuiltInHeads.regression("reg", "y"));

    /** A wide network on a target of pure noise: it can only overfit. */
    private TrialResult trainOnNoise(int epochs, int patience, RecordingContext ctx) throws Exception {
        TrainingOptions o = new TrainingOptions(epochs, 16, 0.01, TrainingOptions.Optimizer.ADAM, "relu", 0.0, false, 0,
                17, null, patience);
        return new Dl4jTrainer().train(new TrainingRequest(NOISE, NOISE_HEAD, SharingLayout.parse("1x128[reg]"), EW, o,
                work), ctx);
    }

    @Test
    void aCurveThatPeaksEarlyIsReportedAtItsPeakAndStopsAfterThePatience() throws Exception {
        RecordingContext ctx = new RecordingContext();
        TrialResult r = trainOnNoise(80, 4, ctx);

        double best = ctx.epochs.stream().mapToDouble(e -> e.values().get("reg")).min().orElseThrow();
        assertThat(r.bestEpoch()).isLessThan(r.epochs());
        assertThat(ctx.epochs.get(r.bestEpoch() - 1).values().get("reg")).isEqualTo(best);
        assertThat(r.validation().get("reg").get("rmse")).isEqualTo(best);
        assertThat(r.epochs()).as("stopped 4 epochs after the best").isEqualTo(r.bestEpoch() + 4).isLessThan(80);
        assertThat(r.stopped()).as("an early stop is a finished training, not a stopped one").isFalse();
        assertThat(ctx.log).anyMatch(l -> l.startsWith("early stop after epoch " + r.epochs()));
        // The saved model is the best epoch's.
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(r.model().toFile(), false);
        assertThat(Predictions.metrics(restored, ModelFile.restoreHeads(r.model(), NOISE_HEAD), NOISE.validation()))
                .isEqualTo(r.validation());
    }

    @Test
    void withoutPatienceEveryEpochRunsAndTheBestIsStillKept() throws Exception {
        RecordingContext ctx = new RecordingContext();
        TrialResult r = trainOnNoise(25, 0, ctx);
        assertThat(r.epochs()).isEqualTo(25);
        assertThat(r.bestEpoch()).isLessThan(25);
        assertThat(r.validation().get("reg").get("rmse"))
                .isEqualTo(ctx.epochs.stream().mapToDouble(e -> e.values().get("reg")).min().orElseThrow())
                .isLessThan(ctx.epochs.get(24).values().get("reg"));
    }

    @Test
    void theSavedModelPredictsLikeTheTrainedOne() throws Exception {
        TrialResult r = train(SharingLayout.parse("1x16[1x8[reg],1x8[cls]]"), HEADS, EW, options(2), new RecordingContext());
        assertThat(r.model()).exists().hasParent(work);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(r.model().toFile(), false);
        // The regression head trained on standardised targets; the model file says how to undo it.
        Map<String, Map<String, Double>> again = Predictions.metrics(restored, ModelFile.restoreHeads(r.model(), HEADS),
                DATA.validation());
        assertThat(again).isEqualTo(r.validation());
    }

    /**
     * A target in thousands of units (grams, dollars) trains as well as the same target at unit scale: targets are
     * standardised for training, and the metrics come back in the target's units.
     */
    @Test
    void aTargetInThousandsOfUnitsTrainsAsWellAsAtUnitScale() throws Exception {
        java.util.function.ToDoubleFunction<double[]> f = x -> Math.sin(x[0]) + 0.5 * x[1] * x[1] - 0.5;
        Dataset unit = new SyntheticData(6).continuous("y", f).build(2000, 21);
        Dataset grams = new SyntheticData(6).continuous("y", x -> 1000 * f.applyAsDouble(x) + 5000).build(2000, 21);
        List<TaskHead> heads = List.of(BuiltInHeads.regression("reg", "y"));
        SharingLayout layout = SharingLayout.parse("2x32[reg]");
        TrialResult small = new Dl4jTrainer().train(new TrainingRequest(unit, heads, layout, EW, options(6), work),
                new RecordingContext());
        TrialResult large = new Dl4jTrainer().train(new TrainingRequest(grams, heads, layout, EW, options(6), work),
                new RecordingContext());
        double rmse = small.validation().get("reg").get("rmse");
        assertThat(rmse).isLessThan(0.6 * baselineRmse(unit));
        assertThat(large.validation().get("reg").get("rmse")).as("in grams, the same fit")
                .isCloseTo(1000 * rmse, within(0.02 * 1000 * rmse));
    }

    @Test
    void theSameSeedGivesTheSameTrialAndAnotherSeedAnotherOne() throws Exception {
        SharingLayout layout = SharingLayout.hardSharing(new Block(1, 16), List.of("reg", "cls"));
        TrainingOptions withDropout = new TrainingOptions(2, 64, 0.01, TrainingOptions.Optimizer.ADAM, "relu", 0.2, false, 0, 5, null);
        TrialResult a = train(layout, HEADS, EW, withDropout, new RecordingContext());
        TrialResult b = train(layout, HEADS, EW, withDropout, new RecordingContext());
        TrialResult c = train(layout, HEADS, EW, withDropout.withSeed(6), new RecordingContext());
        assertThat(b.validation()).isEqualTo(a.validation());
        assertThat(b.test()).isEqualTo(a.test());
        assertThat(c.validation()).isNotEqualTo(a.validation());
    }

    @Test
    void aStopRequestEndsTheTrialAfterTheEpochInProgress() throws Exception {
        RecordingContext ctx = new RecordingContext(2);
        TrialResult r = train(SharingLayout.hardSharing(new Block(1, 8), List.of("reg", "cls")), HEADS, EW, options(10), ctx);
        assertThat(r.stopped()).isTrue();
        assertThat(r.epochs()).isEqualTo(2);
        assertThat(ctx.epochs).hasSize(2);
        assertThat(r.validation()).containsOnlyKeys("reg", "cls"); // it still returns the final model's metrics
    }

    @Test
    void aStopRequestIsSeenWithinALongEpoch() throws Exception {
        // 1400 rows in batches of 8 = 175 batches: the trainer must ask between batches, not only per epoch.
        RecordingContext ctx = new RecordingContext(0);
        TrainingOptions small = new TrainingOptions(3, 8, 0.01, TrainingOptions.Optimizer.SGD, "relu", 0.0, false, 0, 1, null);
        TrialResult r = train(SharingLayout.hardSharing(new Block(1, 8), List.of("reg", "cls")), HEADS, EW, small, ctx);
        assertThat(r.stopped()).isTrue();
        assertThat(r.epochs()).isZero();
        assertThat(ctx.epochs).isEmpty();
        assertThat(ctx.stopChecks).isEqualTo(1);
    }

    @Test
    void singleTaskTrainingIsTheSameTrainerWithOneHead() throws Exception {
        RecordingContext ctx = new RecordingContext();
        List<TaskHead> one = List.of(HEADS.get(1));
        TrainingOptions o = options(4).withAffinityEvery(10);
        TrialResult r = train(SharingLayout.hardSharing(new Block(2, 32), List.of("cls")), one, EW, o, ctx);
        assertThat(r.validation()).containsOnlyKeys("cls");
        assertThat(r.validation().get("cls").get("accuracy")).isGreaterThan(0.85);
        assertThat(ctx.epochs).allSatisfy(e -> assertThat(e.values()).containsOnlyKeys("cls"));
        // A one-task affinity is the task's own look-ahead gain, which a learning network has.
        assertThat(r.affinity().size()).isEqualTo(1);
        assertThat(r.affinity().get(0, 0)).isPositive();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0x0[2x16[cls],2x16[reg]]", "0x0[1x16[cls,reg]]", "2x16[cls,1x8[reg]]"})
    void taskSpecificAndTreeLayoutsTrainWithEveryGradientPath(String text) throws Exception {
        // Several layers read the input in a task-specific layout; PCGrad takes the per-task-gradient path.
        for (WeightingMethod m : List.of(WeightingMethod.EW, WeightingMethod.PCGRAD)) {
            TrialResult r = train(SharingLayout.parse(text), HEADS, new LossWeighting(m, Map.of(), Map.of()), options(3), new RecordingContext());
            assertThat(r.validation().get("cls").get("accuracy")).as(text + " " + m).isGreaterThan(0.8);
            assertThat(r.validation().get("reg").get("rmse")).as(text + " " + m).isLessThan(0.8 * baselineRmse(DATA));
        }
    }

    @ParameterizedTest
    @EnumSource(WeightingMethod.class)
    void everyWeightingMethodTrainsAGroupedNetwork(WeightingMethod method) throws Exception {
        LossWeighting w = method == WeightingMethod.STATIC
                ? new LossWeighting(method, Map.of(), Map.of("reg", 0.6, "cls", 0.4))
                : new LossWeighting(method, Map.of(), Map.of());
        RecordingContext ctx = new RecordingContext();
        TrialResult r = train(SharingLayout.parse("1x32[1x16[reg],1x16[cls]]"), HEADS, w, options(4), ctx);
        assertThat(r.validation().get("reg").get("rmse")).as(method.name()).isLessThan(0.8 * baselineRmse(DATA));
        assertThat(r.validation().get("cls").get("accuracy")).as(method.name()).isGreaterThan(0.8);
        assertThat(ctx.epochs).hasSize(4);
    }
}
