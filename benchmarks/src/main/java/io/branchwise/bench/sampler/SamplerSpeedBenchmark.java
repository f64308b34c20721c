package io.branchwise.bench.sampler;

import io.branchwise.space.sampler.Sampler;
import io.branchwise.space.sampler.cmaes.CmaEsSampler;
import io.branchwise.space.sampler.nsga.NsgaIISampler;
import io.branchwise.space.sampler.tpe.TpeSampler;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.Trial;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Sampling time per trial of each sampler on a 3-parameter shifted sphere (two floats, one int) over 1,000 trials
 * in an {@link InMemoryStudy}: the mean over all trials and over the last 100, where the history is longest. Only
 * the time spent inside {@code suggest*} is counted, not the objective. A warm-up study runs first so the JIT has
 * compiled the sampler. Besides wall time it prints the sampling thread's CPU time, which stays meaningful on a
 * machine shared with other work.
 *
 * <pre>java -cp benchmarks/target/branchwise-benchmarks.jar io.branchwise.bench.sampler.SamplerSpeedBenchmark [--trials N] [name ...]</pre>
 */
public final class SamplerSpeedBenchmark {
    /** Samplers by name; one line adds another. */
    private static final Map<String, LongFunction<Sampler>> SAMPLERS = new LinkedHashMap<>();

    static {
        SAMPLERS.put("tpe", seed -> TpeSampler.builder().seed(seed).build());
        SAMPLERS.put("tpe-univariate", seed -> TpeSampler.builder().seed(seed).multivariate(false).nEiCandidates(24).build());
        SAMPLERS.put("nsga2", seed -> NsgaIISampler.builder().seed(seed).build());
        SAMPLERS.put("cmaes", seed -> CmaEsSampler.builder().seed(seed).build());
    }

    public static void main(String[] args) {
        int trials = 1000;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--trials")) {
                trials = Integer.parseInt(args[++i]);
            } else if (SAMPLERS.containsKey(args[i])) {
                names.add(args[i]);
            } else {
                System.err.println("unknown argument " + args[i] + "; samplers: " + SAMPLERS.keySet() + ", option --trials N");
                System.exit(2);
            }
        }
        if (names.isEmpty()) {
            names.addAll(SAMPLERS.keySet());
        }
        System.out.printf(Locale.ROOT, "%-18s %7s %14s %14s %14s %14s %11s%n", "sampler", "trials",
                "wall ms/trial", "wall last100", "cpu ms/trial", "cpu last100", "best value");
        for (String name : names) {
            run(SAMPLERS.get(name), trials, 1);
            double[] result = run(SAMPLERS.get(name), trials, 2);
            System.out.printf(Locale.ROOT, "%-18s %7d %14.4f %14.4f %14.4f %14.4f %11.5f%n", name, trials,
                    result[0], result[1], result[2], result[3], result[4]);
        }
    }

    /** @return mean wall ms per trial over all trials and the last 100, the same in CPU ms, the best value found */
    private static double[] run(LongFunction<Sampler> factory, int trials, long seed) {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, factory.apply(seed));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[trials];
        long[] cpu = new long[trials];
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < trials; i++) {
            Trial trial = study.ask();
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            double x = trial.suggestFloat("x", -5, 5);
            double y = trial.suggestFloat("y", -5, 5);
            long n = trial.suggestInt("n", -10, 10);
            cpu[i] = threads.getCurrentThreadCpuTime() - startCpu;
            nanos[i] = System.nanoTime() - start;
            double value = (x - 1.5) * (x - 1.5) + (y + 0.5) * (y + 0.5) + (n - 3) * (n - 3);
            best = Math.min(best, value);
            study.tell(trial, value);
        }
        int tail = Math.min(100, trials);
        return new double[] {mean(nanos, 0, trials), mean(nanos, trials - tail, trials),
                mean(cpu, 0, trials), mean(cpu, trials - tail, trials), best};
    }

    private static double mean(long[] nanos, int from, int to) {
        long total = 0;
        for (int i = from; i < to; i++) {
            total += nanos[i];
        }
        return total / 1e6 / Math.max(1, to - from);
    }
}
