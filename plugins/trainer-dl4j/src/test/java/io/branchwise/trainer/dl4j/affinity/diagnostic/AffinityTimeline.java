package io.branchwise.trainer.dl4j.affinity.diagnostic;

import io.branchwise.space.grouping.AdjustedRandIndex;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.grouping.TaskGrouping;
import io.branchwise.trainer.dl4j.affinity.AffinityAverage;
import io.branchwise.trainer.dl4j.affinity.AffinityProbe;
import io.branchwise.trainer.dl4j.network.GradientAccess;
import io.branchwise.trainer.dl4j.network.MultiHeadNetwork;
import io.branchwise.trainer.dl4j.training.MiniBatches;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongPredicate;

/**
 * Every TAG measurement of one equal-weight joint run, kept with its step from step 0 on, so that averages over
 * any part of the run (a warm-up skipped, one window) can be compared after the fact on the same run.
 */
final class AffinityTimeline {
    final PlantedBenchmark bench;
    final List<Long> steps = new ArrayList<>();
    final List<double[][]> measurements = new ArrayList<>();
    final long totalSteps;
    final double seconds;
    final double validationMse;

    AffinityTimeline(PlantedBenchmark bench, double lr, int width, int epochs, int every) {
        this.bench = bench;
        MultiHeadNetwork net = bench.network(lr, width);
        AffinityProbe probe = new AffinityProbe(new GradientAccess(net), lr);
        MiniBatches batches = new MiniBatches(bench.data.train(), bench.heads, 256, bench.seed);
        double[] ones = new double[PlantedBenchmark.TASKS];
        Arrays.fill(ones, 1.0);
        long step = 0;
        long start = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            batches.shuffle();
            for (int b = 0; b < batches.count(); b++) {
                MultiDataSet batch = batches.batch(b);
                if (step % every == 0) {
                    steps.add(step);
                    measurements.add(probe.measure(batch));
                }
                net.setLossWeights(ones);
                net.graph().fit(batch);
                step++;
            }
        }
        seconds = (System.nanoTime() - start) / 1e9;
        totalSteps = step;
        validationMse = validationMse(net);
    }

    AffinityMatrix mean(LongPredicate stepFilter) {
        AffinityAverage average = new AffinityAverage(bench.names);
        for (int m = 0; m < steps.size(); m++) {
            if (stepFilter.test(steps.get(m))) {
                average.add(measurements.get(m));
            }
        }
        return average.mean();
    }

    /** The mean after skipping {@code share} of the run, as {@code AffinitySchedule} does (up to its step phase). */
    AffinityMatrix afterWarmup(double share) {
        long warmup = (long) Math.floor(share * totalSteps);
        return mean(s -> s >= warmup);
    }

    double ari(AffinityMatrix z) {
        return AdjustedRandIndex.of(TaskGrouping.builder().maxGroups(2).build().search(z).labelArray(), bench.planted);
    }

    /**
     * The share of 200 bootstrap resamples of the measurements after the warm-up whose best 2-group partition has
     * ARI ≥ 0.9: how far one run's answer is from a coin toss of mini-batch noise.
     */
    double bootstrap(double share) {
        long warmup = (long) Math.floor(share * totalSteps);
        List<double[][]> kept = new ArrayList<>();
        for (int m = 0; m < steps.size(); m++) {
            if (steps.get(m) >= warmup) {
                kept.add(measurements.get(m));
            }
        }
        Random random = new Random(42);
        int recovered = 0;
        for (int b = 0; b < 200; b++) {
            AffinityAverage average = new AffinityAverage(bench.names);
            for (int k = 0; k < kept.size(); k++) {
                average.add(kept.get(random.nextInt(kept.size())));
            }
            if (ari(average.mean()) >= 0.9) {
                recovered++;
            }
        }
        return recovered / 200.0;
    }

    private double validationMse(MultiHeadNetwork net) {
        INDArray x = Nd4j.createFromArray(bench.data.validation().features())
                .reshape(bench.data.validation().rows(), bench.data.featureCount());
        INDArray[] out = net.graph().output(x);
        double mse = 0;
        for (int t = 0; t < PlantedBenchmark.TASKS; t++) {
            float[] p = out[t].toFloatVector();
            float[] y = bench.data.validation().target(bench.names.get(t));
            for (int r = 0; r < y.length; r++) {
                mse += (double) (p[r] - y[r]) * (p[r] - y[r]) / y.length / PlantedBenchmark.TASKS;
            }
        }
        return mse;
    }
}
