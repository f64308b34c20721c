package io.branchwise.bench.quality;

import io.branchwise.space.pareto.Hypervolume;
import io.branchwise.space.sampler.RandomSampler;
import io.branchwise.space.sampler.cmaes.CmaEsSampler;
import io.branchwise.space.sampler.cmaes.RestartStrategy;
import io.branchwise.space.sampler.qmc.QmcSampler;
import io.branchwise.space.sampler.qmc.QmcType;
import io.branchwise.space.sampler.nsga.NsgaIISampler;
import io.branchwise.space.sampler.nsga.SbxCrossover;
import io.branchwise.space.sampler.nsga.UniformCrossover;
import io.branchwise.space.sampler.tpe.JointBandwidth;
import io.branchwise.space.sampler.tpe.TpeSampler;
import io.branchwise.space.sampler.nsga.NsgaIIISampler;
import io.branchwise.space.sampler.Sampler;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.Trial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Runs Branchwise's samplers on the quality problems and prints one JSON line per run, in the format of
 * {@code benchmarks/quality/optuna_quality.py}; {@code compare.py} turns both into the side-by-side table.
 *
 * <pre>java -cp benchmarks/target/branchwise-benchmarks.jar io.branchwise.bench.quality.QualityBenchmark
 *     [--seeds 10] [--problems sphere-5d,zdt1] [--samplers tpe,cmaes]</pre>
 */
public final class QualityBenchmark {
    private static final Map<String, LongFunction<Sampler>> SINGLE = new LinkedHashMap<>();
    private static final Map<String, LongFunction<Sampler>> MULTI = new LinkedHashMap<>();

    static {
        SINGLE.put("random", RandomSampler::new);
        SINGLE.put("tpe", seed -> TpeSampler.builder().seed(seed).build());
        // Optuna 3.1's TPESampler() and TPESampler(multivariate=True), for reference (24 EI candidates, as Optuna).
        SINGLE.put("tpe-univariate", seed -> TpeSampler.builder().seed(seed).multivariate(false).nEiCandidates(24).build());
        SINGLE.put("tpe-optuna-joint", seed -> TpeSampler.builder().seed(seed).jointBandwidth(JointBandwidth.OPTUNA)
                .nEiCandidates(24).build());
        SINGLE.put("cmaes", seed -> CmaEsSampler.builder().seed(seed).build());
        SINGLE.put("cmaes-ipop", seed -> CmaEsSampler.builder().seed(seed).restartStrategy(RestartStrategy.IPOP).build());
        SINGLE.put("qmc-sobol", seed -> QmcSampler.builder().seed(seed).type(QmcType.SOBOL).build());
        SINGLE.put("qmc-halton", seed -> QmcSampler.builder().seed(seed).type(QmcType.HALTON).build());
        MULTI.put("random", RandomSampler::new);
        MULTI.put("tpe", seed -> TpeSampler.builder().seed(seed).build());
        MULTI.put("tpe-univariate", seed -> TpeSampler.builder().seed(seed).multivariate(false).nEiCandidates(24).build());
        MULTI.put("nsga2", seed -> NsgaIISampler.builder().seed(seed).build());
        MULTI.put("nsga2-uniform", seed -> NsgaIISampler.builder().seed(seed).crossover(new UniformCrossover(0.5)).build());
        MULTI.put("nsga2-sbx", seed -> NsgaIISampler.builder().seed(seed).crossover(new SbxCrossover(20)).build());
        MULTI.put("nsga3", seed -> NsgaIIISampler.builder().seed(seed).build());
    }

    private QualityBenchmark() {
    }

    public static void main(String[] args) {
        int seeds = 10;
        List<Problem> problems = Arrays.asList(Problem.values());
        List<String> samplers = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--problems" -> problems = Arrays.stream(args[++i].split(",")).map(Problem::byId).toList();
                case "--samplers" -> samplers = List.of(args[++i].split(","));
                case "--checkpoint" -> {
                    for (Problem p : Problem.values()) {
                        System.out.println(p.id + " " + Arrays.toString(p.checkpoint()));
                    }
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (expected --seeds N, --problems a,b, --samplers x,y, --checkpoint)");
            }
        }
        for (Problem problem : problems) {
            Map<String, LongFunction<Sampler>> table = problem.objectives == 1 ? SINGLE : MULTI;
            for (String name : samplers == null ? table.keySet() : samplers) {
                if (!table.containsKey(name)) {
                    continue;
                }
                for (int seed = 0; seed < seeds; seed++) {
                    System.out.println(run(problem, name, table.get(name).apply(seed), seed));
                }
            }
        }
    }

    private static String run(Problem problem, String samplerName, Sampler sampler, int seed) {
        InMemoryStudy study = new InMemoryStudy(
                Collections.nCopies(problem.objectives, StudyDirection.MINIMIZE), sampler, null);
        long start = System.nanoTime();
        for (int n = 0; n < problem.trials; n++) {
            Trial trial = study.ask();
            double[] x = new double[problem.bounds.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = trial.suggestFloat("x" + i, problem.bounds[i][0], problem.bounds[i][1]);
            }
            study.tell(trial, problem.evaluate(x));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String score;
        if (problem.objectives == 1) {
            score = "\"best\": " + study.bestTrial().value();
        } else {
            List<double[]> points = new ArrayList<>();
            for (FrozenTrial t : study.completeTrials()) {
                points.add(t.values().stream().mapToDouble(Double::doubleValue).toArray());
            }
            score = "\"hypervolume\": " + Hypervolume.of(points.toArray(new double[0][]), problem.reference);
        }
        return String.format(Locale.ROOT,
                "{\"side\": \"branchwise\", \"problem\": \"%s\", \"sampler\": \"%s\", \"seed\": %d, \"seconds\": %.3f, %s}",
                problem.id, samplerName, seed, seconds, score);
    }
}
