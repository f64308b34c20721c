package io.branchwise.trainer.dl4j.affinity;

import io.branchwise.builtin.data.synthetic.SyntheticDataSource;
import io.branchwise.plugin.Options;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.grouping.AdjustedRandIndex;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.grouping.Grouping;
import io.branchwise.space.grouping.TaskGrouping;
import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.trainer.dl4j.bench.RegressionHead;
import io.branchwise.trainer.dl4j.network.GradientAccess;
import io.branchwise.trainer.dl4j.network.MultiHeadNetwork;
import io.branchwise.trainer.dl4j.network.NetworkBuilder;
import io.branchwise.trainer.dl4j.network.ParameterIndex;
import io.branchwise.trainer.dl4j.training.MiniBatches;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not a test: prints, epoch by epoch, what the TAG look-ahead sees on the planted-group synthetic benchmark, next to
 * the quantities that explain it (first-order prediction η·g_i·g_j / L_j, cosines of the tasks' shared gradients,
 * correlations of their residuals, cosines of their heads' weights). Run with {@code -Drows= -Depochs= -Dseed=}.
 */
public final class AffinityDiagnostic {
    public static void main(String[] args) {
        if (Boolean.getBoolean("data")) {
            dataReport();
            return;
        }
        if (Boolean.getBoolean("sweep")) {
            sweep();
            return;
        }
        int rows = Integer.getInteger("rows", 20000);
        int epochs = Integer.getInteger("epochs", 5);
        long seed = Long.getLong("seed", 1);
        double lr = Double.parseDouble(System.getProperty("lr", "0.001"));
        int every = Integer.getInteger("every", 10);
        int width = Integer.getInteger("width", 128);
        int depth = Integer.getInteger("depth", 2);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("tasks", 6);
        o.put("groups", List.of(3, 3));
        o.put("intra", 0.9);
        o.put("inter", 0.0);
        o.put("rows", rows);
        Options options = Options.of("data.options", o);
        Dataset data = new SyntheticDataSource().load(new DataRequest(options, seed, null));
        int[] planted = SyntheticDataSource.plantedGroups(options);
        List<String> names = List.copyOf(data.targets().keySet());
        List<TaskHead> heads = new ArrayList<>();
        for (String n : names) {
            heads.add(RegressionHead.of(n, n));
        }
        System.out.println("target correlation (train):");
        double[][] corr = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                corr[i][j] = pearson(data.train().target(names.get(i)), data.train().target(names.get(j)));
            }
        }
        print(corr);

        TrainingOptions t = new TrainingOptions(epochs, 256, lr, TrainingOptions.Optimizer.ADAM, "relu", 0.0, false, 0, seed, null);
        Nd4j.getRandom().setSeed(seed);
        MultiHeadNetwork net = NetworkBuilder.build(SharingLayout.hardSharing(new Block(depth, width), names), heads,
                data.featureCount(), t);
        GradientAccess access = new GradientAccess(net);
        ParameterIndex index = net.parameters();
        MiniBatches batches = new MiniBatches(data.train(), heads, 256, seed);
        double[] stepSizes = {lr, 0.01, 0.1};
        long step = 0;
        AffinityAverage[] all = new AffinityAverage[stepSizes.length];
        for (int s = 0; s < stepSizes.length; s++) {
            all[s] = new AffinityAverage(names);
        }
        for (int e = 0; e < epochs; e++) {
            AffinityAverage[] z = new AffinityAverage[stepSizes.length];
            for (int s = 0; s < stepSizes.length; s++) {
                z[s] = new AffinityAverage(names);
            }
            AffinityAverage firstOrder = new AffinityAverage(names);
            AffinityAverage cosines = new AffinityAverage(names);
            batches.shuffle();
            double lossSum = 0;
            for (int b = 0; b < batches.count(); b++) {
                MultiDataSet batch = batches.batch(b);
                if (step % every == 0) {
                    for (int s = 0; s < stepSizes.length; s++) {
                        double[][] m = new AffinityProbe(access, stepSizes[s]).measure(batch);
                        z[s].add(m);
                        all[s].add(m);
                    }
                    double[] losses = new double[6];
                    float[][] g = access.taskGradients(batch, losses);
                    float[][] shared = new float[6][index.sharedLength()];
                    for (int i = 0; i < 6; i++) {
                        index.gatherShared(g[i], shared[i]);
                    }
                    double[][] fo = new double[6][6];
                    double[][] cos = new double[6][6];
                    for (int i = 0; i < 6; i++) {
                        for (int j = 0; j < 6; j++) {
                            double dot = dot(shared[i], shared[j]);
                            fo[i][j] = lr * dot / losses[j];
                            cos[i][j] = dot / Math.sqrt(dot(shared[i], shared[i]) * dot(shared[j], shared[j]));
                        }
                    }
                    firstOrder.add(fo);
                    cosines.add(cos);
                }
                net.setLossWeights(new double[]{1, 1, 1, 1, 1, 1});
                net.graph().fit(batch);
                double[] l = net.lastLosses(new double[6]);
                for (double v : l) {
                    lossSum += v / 6;
                }
                step++;
            }
            System.out.printf("%n=== epoch %d: mean train loss %.4f ===%n", e + 1, lossSum / batches.count());
            for (int s = 0; s < stepSizes.length; s++) {
                report("Z, SGD look-ahead η=" + stepSizes[s], z[s].mean(), planted);
            }
            report("first-order η·g_i·g_j/L_j (η=lr)", firstOrder.mean(), planted);
            report("cosine of shared gradients", cosines.mean(), planted);
            System.out.println("head weight cosines:");
            print(headCosines(net));
        }
        System.out.println("\n=== averaged over the whole run ===");
        for (int s = 0; s < stepSizes.length; s++) {
            report("Z, SGD look-ahead η=" + stepSizes[s], all[s].mean(), planted);
        }
    }

    /** ARI of the best 2-group partition for several warm-ups (fractions of the run skipped), seed by seed. */
    private static void sweep() {
        int rows = Integer.getInteger("rows", 20000);
        int epochs = Integer.getInteger("epochs", 5);
        double lr = Double.parseDouble(System.getProperty("lr", "0.001"));
        int every = Integer.getInteger("every", 10);
        int width = Integer.getInteger("width", 128);
        double[] warmups = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7};
        for (String seedText : System.getProperty("seeds", "1,2,3,4,5").split(",")) {
            long seed = Long.parseLong(seedText);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("groups", List.of(3, 3));
            o.put("rows", rows);
            Options options = Options.of("data.options", o);
            Dataset data = new SyntheticDataSource().load(new DataRequest(options, seed, null));
            int[] planted = SyntheticDataSource.plantedGroups(options);
            List<String> names = List.copyOf(data.targets().keySet());
            List<TaskHead> heads = new ArrayList<>();
            for (String n : names) {
                heads.add(RegressionHead.of(n, n));
            }
            TrainingOptions t = new TrainingOptions(epochs, 256, lr, TrainingOptions.Optimizer.ADAM, "relu", 0.0, false, 0, seed, null);
            Nd4j.getRandom().setSeed(seed);
            MultiHeadNetwork net = NetworkBuilder.build(SharingLayout.hardSharing(new Block(2, width), names), heads,
                    data.featureCount(), t);
            AffinityProbe probe = new AffinityProbe(new GradientAccess(net), lr);
            MiniBatches batches = new MiniBatches(data.train(), heads, 256, seed);
            List<double[][]> measured = new ArrayList<>();
            long step = 0;
            long total = (long) epochs * batches.count();
            long start = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                batches.shuffle();
                for (int b = 0; b < batches.count(); b++) {
                    MultiDataSet batch = batches.batch(b);
                    if (step % every == 0) {
                        measured.add(probe.measure(batch));
                    }
                    net.setLossWeights(new double[]{1, 1, 1, 1, 1, 1});
                    net.graph().fit(batch);
                    step++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            org.nd4j.linalg.api.ndarray.INDArray vx = Nd4j.createFromArray(data.validation().features())
                    .reshape(data.validation().rows(), data.featureCount());
            org.nd4j.linalg.api.ndarray.INDArray[] out = net.graph().output(vx);
            double mse = 0;
            for (int h = 0; h < 6; h++) {
                float[] p = out[h].toFloatVector();
                float[] y = data.validation().target(names.get(h));
                for (int r = 0; r < y.length; r++) {
                    mse += (p[r] - y[r]) * (p[r] - y[r]) / y.length / 6;
                }
            }
            StringBuilder line = new StringBuilder(String.format("seed %d (%.1fs, %d measurements, val mse %.3f):", seed,
                    seconds, measured.size(), mse));
            for (double w : warmups) {
                AffinityAverage avg = new AffinityAverage(names);
                for (int m = 0; m < measured.size(); m++) {
                    if ((long) m * every >= w * total) {
                        avg.add(measured.get(m));
                    }
                }
                Grouping g = TaskGrouping.builder().maxGroups(2).build().search(avg.mean());
                line.append(String.format("  w%.1f=%.2f/%.2f/%.2f", w, AdjustedRandIndex.of(g.labelArray(), planted),
                        AdjustedRandIndex.of(bestPairSum(avg.mean(), false), planted),
                        AdjustedRandIndex.of(bestPairSum(avg.mean(), true), planted)));
            }
            System.out.println(line);
            if (Boolean.getBoolean("matrices")) {
                for (double w : new double[]{0, 0.2}) {
                    AffinityAverage avg = new AffinityAverage(names);
                    for (int m = 0; m < measured.size(); m++) {
                        if ((long) m * every >= w * total) {
                            avg.add(measured.get(m));
                        }
                    }
                    report("warm-up " + w, avg.mean(), planted);
                }
            }
        }
    }

    /** Per seed: the targets' correlation within and across planted groups, and the noise share of each task's variance. */
    private static void dataReport() {
        for (String seedText : System.getProperty("seeds", "1,2,3,4,5").split(",")) {
            long seed = Long.parseLong(seedText);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("groups", List.of(3, 3));
            o.put("rows", 20000);
            o.put("standardize_targets", false);
            Options options = Options.of("data.options", o);
            Dataset data = new SyntheticDataSource().load(new DataRequest(options, seed, null));
            io.branchwise.builtin.data.synthetic.SyntheticModel model = SyntheticDataSource.model(options, seed);
            List<String> names = List.copyOf(data.targets().keySet());
            int[] planted = SyntheticDataSource.plantedGroups(options);
            double within = 0;
            double across = 0;
            for (int i = 0; i < 6; i++) {
                for (int j = i + 1; j < 6; j++) {
                    double r = pearson(data.train().target(names.get(i)), data.train().target(names.get(j)));
                    if (planted[i] == planted[j]) {
                        within += r / 6;
                    } else {
                        across += Math.abs(r) / 9;
                    }
                }
            }
            StringBuilder noise = new StringBuilder();
            for (String n : names) {
                float[] y = data.train().target(n);
                double m = 0;
                double v = 0;
                for (float f : y) {
                    m += f;
                }
                m /= y.length;
                for (float f : y) {
                    v += (f - m) * (f - m);
                }
                v /= y.length;
                noise.append(String.format(" %.3f", 0.01 / v));
            }
            double slope = 1;
            for (int k = 0; k < 5; k++) {
                slope += model.alphas()[k] * Math.cos(model.betas()[k]);
            }
            System.out.printf("seed %d: target corr within %.3f, |across| %.3f, linear slope %.3f, noise share%s%n",
                    seed, within, across, slope, noise);
        }
    }

    /** The 2-group partition (both non-empty) maximising Σ over same-group pairs of Z(i→j) (optionally Z(i→j)/Z(j→j)). */
    static int[] bestPairSum(AffinityMatrix z, boolean columnNormalised) {
        int n = z.size();
        int[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int mask = 1; mask < (1 << (n - 1)); mask++) {
            int[] labels = new int[n];
            for (int t = 0; t < n; t++) {
                labels[t] = (mask >> t) & 1;
            }
            double score = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j && labels[i] == labels[j]) {
                        score += columnNormalised ? z.get(i, j) / z.get(j, j) : z.get(i, j);
                    }
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = labels;
            }
        }
        return best;
    }

    private static double[][] headCosines(MultiHeadNetwork net) {
        double[][] w = new double[6][];
        for (int h = 0; h < 6; h++) {
            w[h] = net.graph().getLayer("h" + h).getParam("W").dup().toDoubleVector();
        }
        double[][] c = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double ij = 0;
                double ii = 0;
                double jj = 0;
                for (int k = 0; k < w[i].length; k++) {
                    ij += w[i][k] * w[j][k];
                    ii += w[i][k] * w[i][k];
                    jj += w[j][k] * w[j][k];
                }
                c[i][j] = ij / Math.sqrt(ii * jj);
            }
        }
        return c;
    }

    private static void report(String title, AffinityMatrix z, int[] planted) {
        Grouping g = TaskGrouping.builder().maxGroups(2).build().search(z);
        double within = 0;
        double across = 0;
        int nw = 0;
        int na = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                if (i == j) {
                    continue;
                }
                if (planted[i] == planted[j]) {
                    within += z.get(i, j);
                    nw++;
                } else {
                    across += z.get(i, j);
                    na++;
                }
            }
        }
        System.out.printf("%s: grouping %s ARI %.3f, mean within %.3e, across %.3e%n", title, g.partition(),
                AdjustedRandIndex.of(g.labelArray(), planted), within / nw, across / na);
        double[][] m = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                m[i][j] = z.get(i, j);
            }
        }
        print(m);
    }

    private static void print(double[][] m) {
        for (double[] row : m) {
            StringBuilder b = new StringBuilder();
            for (double v : row) {
                b.append(String.format(" %10.3e", v));
            }
            System.out.println(b);
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static double pearson(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }
}
