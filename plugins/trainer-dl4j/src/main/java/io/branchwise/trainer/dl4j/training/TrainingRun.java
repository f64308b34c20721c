package io.branchwise.trainer.dl4j.training;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.plugin.trainer.TrainingRequest;
import io.branchwise.plugin.trainer.TrialContext;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.trainer.dl4j.affinity.AffinityAverage;
import io.branchwise.trainer.dl4j.affinity.AffinityProbe;
import io.branchwise.trainer.dl4j.network.GradientAccess;
import io.branchwise.trainer.dl4j.network.MultiHeadNetwork;
import io.branchwise.trainer.dl4j.network.NetworkBuilder;
import io.branchwise.trainer.dl4j.weighting.LossBalancer;
import io.branchwise.trainer.dl4j.weighting.LossBalancers;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial from request to result: build, train epoch by epoch (reporting validation metrics and training losses,
 * measuring affinity when asked), evaluate the final model on validation and test, save it.
 *
 * <p>Epoch time counts training steps and affinity measurements, not evaluation, so samples/s compare across
 * validation set sizes. Deterministic for a seed: weight init, dropout, shuffling and random weightings all derive
 * from {@link TrainingOptions#seed()}, and DL4J runs single-threaded.
 */
public final class TrainingRun {
    /** How often, in mini-batches, a long epoch asks whether the trial was stopped. */
    static final int STOP_CHECK_BATCHES = 50;
    public static final String MODEL_FILE = "model.zip";

    private final TrainingRequest request;
    private final TrialContext context;
    private final TrainingOptions options;
    private final List<TaskHead> heads;

    public TrainingRun(TrainingRequest request, TrialContext context) {
        this.request = request;
        this.context = context;
        this.options = request.options();
        this.heads = request.heads();
    }

    public TrialResult run() throws IOException {
        Dataset data = request.data();
        Nd4j.getRandom().setSeed(options.seed());
        MultiHeadNetwork network = NetworkBuilder.build(request.layout(), heads, data.featureCount(), options);
        LossBalancer balancer = LossBalancers.create(request.weighting(), network.taskNames(), options);
        MiniBatches batches = new MiniBatches(data.train(), heads, options.batchSize(), options.seed());
        StepExecutor executor = new StepExecutor(network, balancer);
        GradientAccess gradients = new GradientAccess(network);
        int k = options.affinityEvery();
        AffinityProbe probe = k > 0 ? new AffinityProbe(gradients, options.learningRate()) : null;
        AffinityAverage affinity = k > 0 ? new AffinityAverage(network.taskNames()) : null;

        int tasks = heads.size();
        double[] losses = new double[tasks];
        long step = 0;
        long totalSamples = 0;
        double totalSeconds = 0;
        int epochsDone = 0;
        boolean stopped = false;
        for (int epoch = 1; epoch <= options.epochs() && !stopped; epoch++) {
            batches.shuffle();
            double[] lossSum = new double[tasks];
            long samples = 0;
            long start = System.nanoTime();
            for (int b = 0; b < batches.count(); b++) {
                if (b > 0 && b % STOP_CHECK_BATCHES == 0 && context.shouldStop()) {
                    stopped = true;
                    break;
                }
                MultiDataSet batch = batches.batch(b);
                int rows = (int) batch.getFeatures(0).size(0);
                if (probe != null && step % k == 0) {
                    affinity.add(probe.measure(batch));
                }
                executor.step(batch, step, losses, gradients);
                for (int t = 0; t < tasks; t++) {
                    lossSum[t] += losses[t] * rows;
                }
                samples += rows;
                step++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            totalSeconds += seconds;
            totalSamples += samples;
            if (stopped) {
                break; // a partial epoch is not reported: its loss and metrics would not compare with full ones
            }
            network.graph().incrementEpochCount();
            double[] meanLoss = new double[tasks];
            Map<String, Double> trainLoss = new LinkedHashMap<>();
            for (int t = 0; t < tasks; t++) {
                meanLoss[t] = lossSum[t] / samples;
                if (!Double.isFinite(meanLoss[t])) {
                    throw new IllegalStateException("training diverged: task " + heads.get(t).name() + " has loss "
                            + meanLoss[t] + " in epoch " + epoch + " (learning rate " + options.learningRate() + ")");
                }
                trainLoss.put(heads.get(t).name(), meanLoss[t]);
            }
            balancer.afterEpoch(epoch, meanLoss);
            Map<String, Map<String, Double>> validation = Predictions.metrics(network.graph(), heads, data.validation());
            Map<String, Double> values = new LinkedHashMap<>();
            for (TaskHead h : heads) {
                values.put(h.name(), validation.get(h.name()).get(h.metric()));
            }
            epochsDone = epoch;
            context.reportEpoch(new EpochReport(epoch, values, trainLoss, seconds, samples));
            if (affinity != null && affinity.count() > 0) {
                context.reportAffinity(affinity.mean(), step);
            }
            context.log(String.format("epoch %d: %s, loss %s, %.0f samples/s", epoch, values, trainLoss, samples / seconds));
            if (context.shouldStop()) {
                stopped = true;
            }
        }

        Map<String, Map<String, Double>> validation = Predictions.metrics(network.graph(), heads, data.validation());
        Map<String, Map<String, Double>> test = Predictions.metrics(network.graph(), heads, data.test());
        Path model = request.workDirectory().resolve(MODEL_FILE);
        ModelSerializer.writeModel(network.graph(), model.toFile(), false);
        AffinityMatrix finalAffinity = affinity == null ? null : affinity.mean();
        double samplesPerSecond = totalSeconds > 0 ? totalSamples / totalSeconds : 0;
        return new TrialResult(epochsDone, stopped, validation, test, finalAffinity, model, samplesPerSecond);
    }
}
