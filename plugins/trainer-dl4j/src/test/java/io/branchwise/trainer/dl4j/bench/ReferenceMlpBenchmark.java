package io.branchwise.trainer.dl4j.bench;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.plugin.trainer.TrainingRequest;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.trainer.dl4j.Dl4jTrainer;
import io.branchwise.trainer.dl4j.training.DetachedContext;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Training throughput of the DL4J trainer on the reference MLP: a 32→256→256 ReLU trunk (hard sharing) with a
 * 10-class softmax head and a regression head, Adam, batch 256, 20,000 generated rows. Goes through the real
 * {@link Dl4jTrainer} (mini-batch gathering, loss wrappers, per-epoch evaluation), and reads the training time the
 * trainer reports per epoch, which excludes evaluation. One warm-up epoch, then the mean of the measured epochs.
 * Also prints samples per CPU-second of the training thread: DL4J runs single-threaded here, so on a shared machine
 * that is the best estimate of the wall rate a quiet machine would give.
 * The PyTorch twin is {@code benchmarks/pytorch/reference_mlp.py}.
 *
 * <pre>
 * mvn -B -q -pl plugins/trainer-dl4j -am package -DskipTests      # also writes target/classpath.txt
 * OMP_NUM_THREADS=1 java -cp "$(cat plugins/trainer-dl4j/target/classpath.txt):plugins/trainer-dl4j/target/classes" \
 *     io.branchwise.trainer.dl4j.bench.ReferenceMlpBenchmark [--epochs 5] [--method EW|PCGRAD|…] [--affinity-every k]
 * </pre>
 */
public final class ReferenceMlpBenchmark {
    public static void main(String[] args) throws Exception {
        // As the launcher runs trainer processes: no physical-memory check on each native allocation (the parent
        // watches resident memory instead). Set before JavaCPP's first class loads.
        System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", System.getProperty("org.bytedeco.javacpp.maxphysicalbytes", "0"));
        Map<String, String> a = parse(args);
        int epochs = Integer.parseInt(a.getOrDefault("epochs", "5"));
        int rows = Integer.parseInt(a.getOrDefault("rows", "20000"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "256"));
        int width = Integer.parseInt(a.getOrDefault("width", "256"));
        int affinityEvery = Integer.parseInt(a.getOrDefault("affinity-every", "0"));
        WeightingMethod method = WeightingMethod.valueOf(a.getOrDefault("method", "EW").toUpperCase(Locale.ROOT));

        Dataset data = generate(rows, 1);
        List<TaskHead> heads = List.of(BuiltInHeads.multiclass("cls", "class", 10), BuiltInHeads.regression("reg", "value"));
        SharingLayout layout = SharingLayout.hardSharing(new Block(2, width), List.of("cls", "reg"));
        LossWeighting weighting = method == WeightingMethod.STATIC
                ? new LossWeighting(method, Map.of(), Map.of("cls", 0.5, "reg", 0.5))
                : new LossWeighting(method, Map.of(), Map.of());
        TrainingOptions options = new TrainingOptions(epochs + 1, batch, 1e-3, TrainingOptions.Optimizer.ADAM, "relu",
                0.0, false, affinityEvery, 1L, null);
        Path work = Files.createTempDirectory("bw-bench");
        List<EpochReport> reports = new ArrayList<>();
        List<Double> cpuSeconds = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpuMark = {threads.getCurrentThreadCpuTime()};
        TrialResult result = new Dl4jTrainer().train(new TrainingRequest(data, heads, layout, weighting, options, work),
                new DetachedContext(report -> {
                    // Called on the training thread: the CPU time since the last call is one epoch's training plus
                    // the evaluation of a deliberately tiny validation split (< 1 % of it).
                    long now = threads.getCurrentThreadCpuTime();
                    cpuSeconds.add((now - cpuMark[0]) / 1e9);
                    cpuMark[0] = now;
                    reports.add(report);
                }, System.err::println));
        List<Double> rates = new ArrayList<>();
        List<Double> cpuRates = new ArrayList<>();
        for (int e = 1; e < reports.size(); e++) {
            rates.add(reports.get(e).samples() / reports.get(e).seconds());
            cpuRates.add(reports.get(e).samples() / cpuSeconds.get(e));
        }
        double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double cpuMean = cpuRates.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "dl4j reference MLP (32→%d→%d, %s%s): %,.0f samples/s (OMP_NUM_THREADS=%s, batch %d, "
                        + "mean of %d epochs after 1 warm-up; per epoch: %s); %,.0f samples per CPU-second of the training "
                        + "thread (per epoch: %s; robust to other load on the machine); validation %s%n",
                width, width, method, affinityEvery > 0 ? ", affinity every " + affinityEvery : "", mean,
                System.getenv("OMP_NUM_THREADS"), batch, rates.size(),
                rates.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList(), cpuMean,
                cpuRates.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList(), result.validation());
        Files.deleteIfExists(result.model());
        Files.deleteIfExists(work);
    }

    /** 32 standard-normal features; 10 classes from the arg-max of random projections; a smooth regression target. */
    static Dataset generate(int rows, long seed) {
        Random r = new Random(seed);
        int f = 32;
        double[][] proj = new double[f][10];
        for (double[] row : proj) {
            for (int c = 0; c < 10; c++) {
                row[c] = r.nextGaussian();
            }
        }
        int total = rows + 512; // a small validation split keeps evaluation out of the measurement
        float[] x = new float[total * f];
        float[] cls = new float[total];
        float[] value = new float[total];
        for (int i = 0; i < total; i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) r.nextGaussian();
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 10; c++) {
                double s = 0;
                for (int j = 0; j < f; j++) {
                    s += x[i * f + j] * proj[j][c];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            cls[i] = best;
            value[i] = (float) (Math.sin(x[i * f]) + 0.5 * x[i * f + 1] * x[i * f + 2]);
        }
        Map<String, float[]> targets = new LinkedHashMap<>();
        targets.put("class", cls);
        targets.put("value", value);
        Split all = new Split(total, f, x, targets);
        List<String> names = new ArrayList<>();
        for (int j = 0; j < f; j++) {
            names.add("x" + j);
        }
        Map<String, TargetColumn> columns = new LinkedHashMap<>();
        columns.put("class", TargetColumn.categorical("class", 10));
        columns.put("value", TargetColumn.continuous("value"));
        return new Dataset("reference-mlp", names, columns, all.rows(0, rows), all.rows(rows, total), all.rows(rows, rows));
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: [--epochs N] [--rows N] [--batch N] [--width N] [--method M] [--affinity-every K]");
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
