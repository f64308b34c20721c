package io.branchwise.trainer.dl4j.affinity.diagnostic;

import io.branchwise.builtin.data.synthetic.SyntheticModel;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.grouping.Grouping;
import io.branchwise.space.grouping.TaskGrouping;
import io.branchwise.trainer.dl4j.affinity.AffinityAverage;
import io.branchwise.trainer.dl4j.affinity.AffinityProbe;
import io.branchwise.trainer.dl4j.network.GradientAccess;
import io.branchwise.trainer.dl4j.network.MultiHeadNetwork;
import io.branchwise.trainer.dl4j.training.MiniBatches;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Arrays;

/**
 * Not a test: what the TAG look-ahead sees on the planted-group synthetic benchmark, and why. Run from the module
 * after {@code mvn -B -o -q test-compile -pl plugins/trainer-dl4j -am}:
 * <pre>
 * CP=target/test-classes:target/classes:../builtin/target/classes:$(cat target/classpath.txt)
 * OMP_NUM_THREADS=1 java -cp $CP io.branchwise.trainer.dl4j.affinity.diagnostic.AffinityDiagnostic MODE [-Dseeds=1,2] …
 * </pre>
 * Modes: {@code epochs} (per epoch: the measured matrix at two step sizes, its first-order prediction, gradient and
 * head cosines), {@code sweep} (per seed: ARI of the best 2-group partition for several warm-ups, bootstrap
 * robustness), {@code profile} (per tenth of the run: within- and across-group means, ARI), {@code data} (target
 * correlations and noise share per seed), {@code cost} (one measurement against one training step). Properties:
 * {@code seeds}, {@code rows} (20000), {@code epochs} (5), {@code lr} (0.001), {@code every} (10), {@code width} (128).
 */
public final class AffinityDiagnostic {
    private static final double[] WARMUPS = {0, 0.1, 0.2, 0.3, 0.4, 0.5};

    private AffinityDiagnostic() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "epochs";
        int rows = Integer.getInteger("rows", 20000);
        int epochs = Integer.getInteger("epochs", 5);
        double lr = Double.parseDouble(System.getProperty("lr", "0.001"));
        int every = Integer.getInteger("every", 10);
        int width = Integer.getInteger("width", 128);
        for (String s : System.getProperty("seeds", "1").split(",")) {
            long seed = Long.parseLong(s.trim());
            switch (mode) {
                case "epochs" -> epochs(new PlantedBenchmark(seed, rows, true), lr, width, epochs, every);
                case "sweep" -> sweep(new AffinityTimeline(new PlantedBenchmark(seed, rows, true), lr, width, epochs, every));
                case "profile" -> profile(new AffinityTimeline(new PlantedBenchmark(seed, rows, true), lr, width, epochs, every));
                case "data" -> data(new PlantedBenchmark(seed, rows, false));
                case "cost" -> cost(new PlantedBenchmark(seed, rows, true), lr, width);
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
        }
    }

    private static void epochs(PlantedBenchmark bench, double lr, int width, int epochs, int every) {
        System.out.printf("seed %d, target correlations:%n", bench.seed);
        double[][] corr = new double[PlantedBenchmark.TASKS][PlantedBenchmark.TASKS];
        for (int i = 0; i < corr.length; i++) {
            for (int j = 0; j < corr.length; j++) {
                corr[i][j] = bench.targetCorrelation(i, j);
            }
        }
        print(corr);
        MultiHeadNetwork net = bench.network(lr, width);
        GradientAccess access = new GradientAccess(net);
        double[] stepSizes = {lr, 10 * lr};
        MiniBatches batches = new MiniBatches(bench.data.train(), bench.heads, 256, bench.seed);
        double[] ones = new double[PlantedBenchmark.TASKS];
        Arrays.fill(ones, 1.0);
        long step = 0;
        for (int e = 1; e <= epochs; e++) {
            AffinityAverage[] measured = {new AffinityAverage(bench.names), new AffinityAverage(bench.names)};
            AffinityAverage firstOrder = new AffinityAverage(bench.names);
            AffinityAverage cosines = new AffinityAverage(bench.names);
            batches.shuffle();
            for (int b = 0; b < batches.count(); b++) {
                MultiDataSet batch = batches.batch(b);
                if (step % every == 0) {
                    for (int k = 0; k < stepSizes.length; k++) {
                        measured[k].add(new AffinityProbe(access, stepSizes[k]).measure(batch));
                    }
                    GradientGeometry g = new GradientGeometry(access, batch, lr);
                    firstOrder.add(g.firstOrder);
                    cosines.add(g.cosines);
                }
                net.setLossWeights(ones);
                net.graph().fit(batch);
                step++;
            }
            System.out.printf("%n=== epoch %d ===%n", e);
            for (int k = 0; k < stepSizes.length; k++) {
                report("Z, SGD look-ahead of " + stepSizes[k], measured[k].mean(), bench.planted);
            }
            report("first order η·g_i·g_j/L_j, η = " + lr, firstOrder.mean(), bench.planted);
            report("cosines of the shared gradients", cosines.mean(), bench.planted);
            System.out.println("cosines of the head weights:");
            print(GradientGeometry.headCosines(net));
        }
    }

    private static void sweep(AffinityTimeline run) {
        StringBuilder line = new StringBuilder(String.format("seed %d (%.1fs, %d measurements, validation MSE %.3f):",
                run.bench.seed, run.seconds, run.measurements.size(), run.validationMse));
        for (double w : WARMUPS) {
            line.append(String.format(" ARI(w%.1f) %.2f", w, run.ari(run.afterWarmup(w))));
        }
        line.append(String.format("; bootstrap w0.1 %.2f, w0.2 %.2f, w0.3 %.2f", run.bootstrap(0.1), run.bootstrap(0.2),
                run.bootstrap(0.3)));
        System.out.println(line);
    }

    private static void profile(AffinityTimeline run) {
        System.out.printf("seed %d, per tenth of the run:%n", run.bench.seed);
        int[] planted = run.bench.planted;
        for (int w = 0; w < 10; w++) {
            long from = w * run.totalSteps / 10;
            long to = (w + 1) * run.totalSteps / 10;
            AffinityMatrix z = run.mean(s -> s >= from && s < to);
            double diagonal = 0;
            double within = 0;
            double across = 0;
            for (int i = 0; i < z.size(); i++) {
                diagonal += z.get(i, i) / z.size();
                for (int j = 0; j < z.size(); j++) {
                    if (i != j && planted[i] == planted[j]) {
                        within += z.get(i, j) / 12;
                    } else if (i != j) {
                        across += z.get(i, j) / 18;
                    }
                }
            }
            System.out.printf("  steps %4d-%4d: diagonal %.2e, within groups %+.2e, across %+.2e, ARI %.2f%n", from,
                    to - 1, diagonal, within, across, run.ari(z));
        }
    }

    private static void data(PlantedBenchmark bench) {
        double within = 0;
        double across = 0;
        for (int i = 0; i < PlantedBenchmark.TASKS; i++) {
            for (int j = i + 1; j < PlantedBenchmark.TASKS; j++) {
                double r = bench.targetCorrelation(i, j);
                if (bench.planted[i] == bench.planted[j]) {
                    within += r / 6;
                } else {
                    across += Math.abs(r) / 9;
                }
            }
        }
        SyntheticModel model = bench.model();
        // y ≈ w·x·(1 + Σ α_k cos β_k) + const for small w·x: the sines can cancel the linear part.
        double slope = 1;
        for (int k = 0; k < model.alphas().length; k++) {
            slope += model.alphas()[k] * Math.cos(model.betas()[k]);
        }
        StringBuilder noise = new StringBuilder();
        for (String n : bench.names) {
            float[] y = bench.data.train().target(n);
            double mean = 0;
            for (float v : y) {
                mean += v;
            }
            mean /= y.length;
            double variance = 0;
            for (float v : y) {
                variance += (v - mean) * (v - mean) / y.length;
            }
            noise.append(String.format(" %.3f", 0.01 / variance)); // 0.01: the source's default noise variance
        }
        System.out.printf("seed %d: target correlation within groups %.3f, |across| %.3f, linear slope %.3f, noise"
                + " share of each target's variance%s%n", bench.seed, within, across, slope, noise);
    }

    private static void cost(PlantedBenchmark bench, double lr, int width) {
        MultiHeadNetwork net = bench.network(lr, width);
        AffinityProbe probe = new AffinityProbe(new GradientAccess(net), lr);
        MiniBatches batches = new MiniBatches(bench.data.train(), bench.heads, 256, bench.seed);
        double[] ones = new double[PlantedBenchmark.TASKS];
        Arrays.fill(ones, 1.0);
        long stepNanos = 0;
        long probeNanos = 0;
        int trainingSteps = 0;
        int measurements = 0;
        for (int round = 0; round < 6; round++) {
            batches.shuffle();
            for (int b = 0; b < batches.count(); b++) {
                MultiDataSet batch = batches.batch(b);
                long t0 = System.nanoTime();
                net.setLossWeights(ones);
                net.graph().fit(batch);
                long t1 = System.nanoTime();
                if (b % 10 == 0) {
                    probe.measure(batch);
                }
                long t2 = System.nanoTime();
                if (round > 0) { // the first round warms up the JIT
                    stepNanos += t1 - t0;
                    trainingSteps++;
                    if (b % 10 == 0) {
                        probeNanos += t2 - t1;
                        measurements++;
                    }
                }
            }
        }
        System.out.printf("seed %d: training step %.2f ms, affinity measurement %.2f ms%n", bench.seed,
                stepNanos / 1e6 / trainingSteps, probeNanos / 1e6 / measurements);
    }

    private static void report(String title, AffinityMatrix z, int[] planted) {
        Grouping g = TaskGrouping.builder().maxGroups(2).build().search(z);
        System.out.printf("%s: best 2 groups %s, ARI %.2f%n", title, g.partition(),
                io.branchwise.space.grouping.AdjustedRandIndex.of(g.labelArray(), planted));
        double[][] m = new double[z.size()][z.size()];
        for (int i = 0; i < z.size(); i++) {
            for (int j = 0; j < z.size(); j++) {
                m[i][j] = z.get(i, j);
            }
        }
        print(m);
    }

    private static void print(double[][] m) {
        for (double[] row : m) {
            StringBuilder b = new StringBuilder();
            for (double v : row) {
                b.append(String.format(" %10.2e", v));
            }
            System.out.println(b);
        }
    }
}
