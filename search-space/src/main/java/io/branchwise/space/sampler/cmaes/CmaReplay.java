package io.branchwise.space.sampler.cmaes;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.sampler.RandomSampler;
import io.branchwise.space.study.FrozenTrial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * The CMA-ES state that a trial history implies, rebuilt by replaying the history in generations of λ trials
 * (ordered by number). Every candidate is drawn from a generator seeded by (seed, restart, generation, trial
 * number), so during replay the optimizer can redraw the exact continuous point it proposed for a trial: when
 * that point encodes to the trial's parameters, the continuous point is told (as {@code cmaes} tells
 * {@code x_for_tell}); otherwise the trial was proposed by an older state, a parallel worker or a person, and its
 * parameters are told as an injected solution. Nothing is stored on trials, so any sampler with the same settings
 * rebuilds the same state from the same history.
 */
final class CmaReplay {
    private final CmaEsSampler.Settings settings;
    private final Map<String, Distribution> space;
    private final List<String> names;
    private final List<FrozenTrial> consumed = new ArrayList<>();
    private CmaOptimizer optimizer;
    private int restart;

    CmaReplay(CmaEsSampler.Settings settings, Map<String, Distribution> space) {
        this.settings = settings;
        this.space = Map.copyOf(space);
        this.names = List.copyOf(space.keySet());
        this.optimizer = newRun(0, initialMean());
    }

    /** True when {@code history} is this replay's history plus possibly more, so the state can be carried on. */
    boolean continues(Map<String, Distribution> space, List<FrozenTrial> history) {
        return this.space.equals(space) && history.size() >= consumed.size()
                && history.subList(0, consumed.size()).equals(consumed);
    }

    /** Tells every complete generation of {@code history} not told yet; the remainder waits for more trials. */
    void advance(List<FrozenTrial> history, ToDoubleFunction<FrozenTrial> loss) {
        while (history.size() - consumed.size() >= optimizer.populationSize()) {
            List<FrozenTrial> generation = history.subList(consumed.size(), consumed.size() + optimizer.populationSize());
            List<CmaOptimizer.Solution> solutions = new ArrayList<>();
            for (FrozenTrial t : generation) {
                solutions.add(solutionOf(t, loss.applyAsDouble(t)));
            }
            optimizer.tell(solutions);
            consumed.addAll(generation);
            if (settings.restartStrategy() == RestartStrategy.IPOP && optimizer.shouldStop()) {
                restart++;
                Random random = new Random(CmaEsSampler.seedOf(settings.seed(), restart, -1));
                double[] mean = new double[names.size()];
                for (int i = 0; i < mean.length; i++) {
                    mean[i] = random.nextDouble();
                }
                optimizer = newRun(restart, mean);
            }
        }
    }

    /** The parameters the current state proposes for trial {@code number}. */
    Map<String, Double> propose(int number) {
        return encode(optimizer.sample(generatorFor(number)));
    }

    int restarts() {
        return restart;
    }

    CmaOptimizer optimizer() {
        return optimizer;
    }

    private CmaOptimizer.Solution solutionOf(FrozenTrial trial, double loss) {
        double[] proposed = optimizer.sample(generatorFor(trial.number()));
        if (encode(proposed).equals(paramsOf(trial))) {
            return new CmaOptimizer.Solution(proposed, loss, false);
        }
        double[] x = new double[names.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = RandomSampler.toUnit(space.get(names.get(i)), trial.params().get(names.get(i)));
        }
        return new CmaOptimizer.Solution(x, loss, true);
    }

    private Random generatorFor(int number) {
        return new Random(CmaEsSampler.seedOf(settings.seed(), restart, optimizer.generation(), number));
    }

    private Map<String, Double> paramsOf(FrozenTrial trial) {
        Map<String, Double> params = new LinkedHashMap<>();
        for (String name : names) {
            params.put(name, trial.params().get(name));
        }
        return params;
    }

    private Map<String, Double> encode(double[] x) {
        Map<String, Double> params = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            String name = names.get(i);
            params.put(name, RandomSampler.fromUnit(space.get(name), DiscreteAxis.clampToUnit(x[i])));
        }
        return params;
    }

    private double[] initialMean() {
        double[] mean = new double[names.size()];
        for (int i = 0; i < mean.length; i++) {
            Double start = settings.x0().get(names.get(i));
            mean[i] = start == null ? 0.5 : RandomSampler.toUnit(space.get(names.get(i)), start);
        }
        return mean;
    }

    private CmaOptimizer newRun(int restartIndex, double[] mean) {
        int n = names.size();
        int base = settings.populationSize() > 0 ? settings.populationSize() : 4 + (int) Math.floor(3.0 * Math.log(n));
        int lambda = Math.max(2, (int) Math.min(1 << 20, base * Math.pow(settings.incPopsize(), restartIndex)));
        DiscreteAxis[] axes = new DiscreteAxis[n];
        if (settings.withMargin()) {
            for (int i = 0; i < n; i++) {
                axes[i] = DiscreteAxis.of(space.get(names.get(i)));
            }
        }
        return new CmaOptimizer(mean, settings.sigma0(), lambda, axes);
    }
}
