package io.branchwise.trainer.dl4j.training;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.plugin.trainer.TrainingRequest;
import io.branchwise.plugin.trainer.TrialContext;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.trainer.dl4j.affinity.AffinityAverage;
import io.branchwise.trainer.dl4j.affinity.AffinityProbe;
import io.branchwise.trainer.dl4j.affinity.AffinitySchedule;
import io.branchwise.trainer.dl4j.network.GradientAccess;
import io.branchwise.trainer.dl4j.network.MultiHeadNetwork;
import io.branchwise.trainer.dl4j.network.NetworkBuilder;
import io.branchwise.trainer.dl4j.weighting.LossBalancer;
import io.branchwise.trainer.dl4j.weighting.LossBalancers;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial from request to result: build, train epoch by epoch (reporting validation metrics and training losses,
 * measuring affinity when asked), keep the weights of the best validation epoch ({@link EpochChoice}) and stop once
 * {@code training.patience} epochs pass without a better one, then evaluate that model on validation and test and
 * save it.
 *
 * <p>Epoch time counts training steps and affinity measurements, not evaluation, so samples/s compare across
 * validation set sizes. Deterministic for a seed: weight init, dropout, shuffling and random weightings all derive
 * from {@link TrainingOptions#seed()}, and DL4J runs single-threaded.
 */
public final class TrainingRun {
    /** How often, in mini-batches, a long epoch asks whether the trial was stopped. */
    static final int STOP_CHECK_BATCHES = 50;
    public static final String MODEL_FILE = "model.zip";
    /** {@code training.extra.group_heads: false} builds one output layer per head even where they could be one. */
    public static final String GROUP_HEADS_OPTION = "group_heads";

    private final TrainingRequest request;
    private final TrialContext context;
    private final TrainingOptions options;
    private final List<TaskHead> heads;
    private final Dataset data;

    private MultiHeadNetwork network;
    private LossBalancer balancer;
    private MiniBatches batches;
    private StepExecutor executor;
    private Lazy<GradientAccess> gradients;
    private AffinityProbe probe;
    private AffinitySchedule schedule;
    private AffinityAverage affinity;
    private long step;

    public TrainingRun(TrainingRequest request, TrialContext context) {
        this.request = request;
        this.context = context;
        this.options = request.options();
        // Regression targets train standardised; every metric is still reported in the targets' units.
        this.heads = StandardisedHead.of(request.heads(), request.data().train());
        this.data = request.data();
    }

    /** What one pass over the training split did. */
    private record Epoch(double[] meanLoss, long samples, double seconds, boolean interrupted) {
    }

    public TrialResult run() throws IOException {
        long begun = System.nanoTime();
        Nd4j.getRandom().setSeed(options.seed());
        List<String> names = heads.stream().map(TaskHead::name).toList();
        balancer = LossBalancers.create(request.weighting(), names, options);
        // Per-task gradients (gradient-combining weightings, affinity) need a parameter tensor per head; otherwise
        // heads on the same layer are one output layer, unless training.extra.group_heads is false.
        boolean groupHeads = options.extra().bool(GROUP_HEADS_OPTION, true)
                && !balancer.combinesGradients() && options.affinityEvery() == 0;
        network = NetworkBuilder.build(request.layout(), heads, data.featureCount(), options, groupHeads);
        batches = new MiniBatches(data.train(), heads, network.outputHeads(), options.batchSize(), options.seed());
        executor = new StepExecutor(network, balancer);
        gradients = new Lazy<>(() -> new GradientAccess(network));
        if (options.affinityEvery() > 0) {
            probe = new AffinityProbe(gradients.get(), options.learningRate());
            schedule = AffinitySchedule.of(options, (long) options.epochs() * batches.count());
            affinity = new AffinityAverage(network.taskNames());
        }

        long built = System.nanoTime();
        EpochChoice choice = new EpochChoice(heads, request.references(), options.patience());
        INDArray bestParameters = null;
        Map<String, Map<String, Double>> bestValidation = null;
        long evaluating = 0;
        long totalSamples = 0;
        double totalSeconds = 0;
        int epochsDone = 0;
        boolean stopped = false;
        Map<String, Map<String, Double>> validation = null; // of the current model, when known
        while (epochsDone < options.epochs() && !stopped) {
            Epoch epoch = trainEpoch();
            totalSamples += epoch.samples();
            totalSeconds += epoch.seconds();
            validation = null;
            if (epoch.interrupted()) {
                stopped = true; // a partial epoch is not reported: its loss and metrics would not compare with full ones
                break;
            }
            epochsDone++;
            network.graph().incrementEpochCount();
            balancer.afterEpoch(epochsDone, epoch.meanLoss());
            long evaluated = System.nanoTime();
            validation = Predictions.metrics(network, data.validation());
            evaluating += System.nanoTime() - evaluated;
            if (choice.offer(epochsDone, validation)) {
                bestParameters = keep(network.graph().params(), bestParameters);
                bestValidation = validation;
            }
            report(epochsDone, epoch, validation);
            stopped = context.shouldStop();
            if (!stopped && epochsDone < options.epochs() && choice.patienceSpent(epochsDone)) {
                context.log("early stop after epoch " + epochsDone + ": no better validation score since epoch "
                        + choice.bestEpoch() + " (patience " + options.patience() + ")");
                break;
            }
        }
        if (bestParameters != null) {
            // The model, its test metrics and the result are the best epoch's, not the last one's (nor a partial
            // epoch's, when a stop came in the middle of one).
            network.graph().setParams(bestParameters);
            validation = bestValidation;
        }

        if (validation == null) {
            validation = Predictions.metrics(network, data.validation());
        }
        long trained = System.nanoTime();
        Map<String, Map<String, Double>> test = Predictions.metrics(network, data.test());
        Path model = request.workDirectory().resolve(MODEL_FILE);
        ModelSerializer.writeModel(network.graph(), model.toFile(), false);
        ModelFile.writeTargetScaling(model, heads);
        long saved = System.nanoTime();
        context.log(String.format("time: build %.0f ms, %d epochs %.0f ms (of which validation %.0f ms), test and save %.0f ms",
                (built - begun) / 1e6, epochsDone, (trained - built) / 1e6, evaluating / 1e6, (saved - trained) / 1e6));
        double samplesPerSecond = totalSeconds > 0 ? totalSamples / totalSeconds : 0;
        return new TrialResult(epochsDone, stopped, validation, test, affinity == null ? null : affinity.mean(), model,
                samplesPerSecond, choice.bestEpoch());
    }

    /** A copy of the parameters, outside any workspace, reusing the previous copy's memory. */
    private static INDArray keep(INDArray parameters, INDArray previous) {
        if (previous != null) {
            return previous.assign(parameters);
        }
        try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return parameters.dup();
        }
    }

    private Epoch trainEpoch() {
        int tasks = heads.size();
        double[] losses = new double[tasks];
        double[] lossSum = new double[tasks];
        long samples = 0;
        batches.shuffle();
        long start = System.nanoTime();
        for (int b = 0; b < batches.count(); b++) {
            if (b > 0 && b % STOP_CHECK_BATCHES == 0 && context.shouldStop()) {
                return new Epoch(null, samples, (System.nanoTime() - start) / 1e9, true);
            }
            MultiDataSet batch = batches.batch(b);
            int rows = (int) batch.getFeatures(0).size(0);
            if (probe != null && schedule.measuresAt(step)) {
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
        double[] mean = new double[tasks];
        for (int t = 0; t < tasks; t++) {
            mean[t] = lossSum[t] / samples;
            if (!Double.isFinite(mean[t])) {
                throw new IllegalStateException("training diverged: task " + heads.get(t).name() + " has loss " + mean[t]
                        + " after " + step + " steps (learning rate " + options.learningRate() + ")");
            }
        }
        return new Epoch(mean, samples, seconds, false);
    }

    private void report(int epoch, Epoch e, Map<String, Map<String, Double>> validation) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Double> trainLoss = new LinkedHashMap<>();
        for (int t = 0; t < heads.size(); t++) {
            TaskHead h = heads.get(t);
            values.put(h.name(), validation.get(h.name()).get(h.metric()));
            trainLoss.put(h.name(), e.meanLoss()[t]);
        }
        context.reportEpoch(new EpochReport(epoch, values, trainLoss, e.seconds(), e.samples()));
        if (affinity != null && affinity.count() > 0) {
            context.reportAffinity(affinity.mean(), step);
        }
        context.log(String.format("epoch %d: %s, loss %s, %.0f samples/s", epoch, values, trainLoss, e.samples() / e.seconds()));
    }
}
