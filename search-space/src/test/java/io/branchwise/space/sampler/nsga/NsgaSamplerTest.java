package io.branchwise.space.sampler.nsga;

import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.pareto.Hypervolume;
import io.branchwise.space.pareto.NonDominatedSort;
import io.branchwise.space.sampler.RandomSampler;
import io.branchwise.space.sampler.Sampler;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.Trial;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;

class NsgaSamplerTest {
    private static final List<StudyDirection> MIN2 = List.of(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE);

    @Test
    void generationsCountOnlyCompleteTrialsBelowTheTrial() {
        NsgaIISampler sampler = NsgaIISampler.builder().populationSize(3).build();
        InMemoryStudy study = new InMemoryStudy(MIN2, sampler, null);
        TrialState[] states = {TrialState.COMPLETE, TrialState.FAIL, TrialState.COMPLETE, TrialState.PRUNED,
                TrialState.COMPLETE, TrialState.COMPLETE, TrialState.COMPLETE};
        for (int i = 0; i < states.length; i++) {
            study.add(FrozenTrial.builder(i).state(states[i]).values(states[i] == TrialState.COMPLETE ? List.of(1.0 * i, 1.0) : List.of()).build());
        }
        assertThat(sampler.generationOf(study, 0)).isZero();
        assertThat(sampler.generationOf(study, 4)).isZero();
        assertThat(sampler.generationOf(study, 5)).isEqualTo(1);
        assertThat(sampler.generationOf(study, 7)).isEqualTo(1);
        // A RUNNING trial holds no place; once a later one completes it fills generation 1 and 2 begins.
        study.ask();
        study.add(FrozenTrial.builder(8).state(TrialState.COMPLETE).values(0.0, 0.0).build());
        assertThat(sampler.generationOf(study, 9)).isEqualTo(2);
    }

    @Test
    void aRebuiltSamplerBreedsFromTheSameParents() {
        InMemoryStudy study = new InMemoryStudy(MIN2, NsgaIISampler.builder().seed(4).populationSize(8).build(), null);
        optimize(study, NsgaSamplerTest::zdtLike, 60, 5);
        EliteSelection selection = new EliteSelection(8, new CrowdingDistance(), true);
        SettledHistory incrementalHistory = new SettledHistory();
        Generations incremental = new Generations(8, selection, 4, incrementalHistory);
        Population last = null;
        for (int n = 1; n <= study.trials().size(); n++) {
            last = incremental.parentsOf(new Prefix(study, n), incrementalHistory.refresh(new Prefix(study, n)), n);
        }
        SettledHistory freshHistory = new SettledHistory();
        freshHistory.refresh(study);
        Population rebuilt = new Generations(8, selection, 4, freshHistory).parentsOf(study, List.of(), study.trials().size());
        assertThat(last).isNotNull();
        assertThat(rebuilt.members()).isEqualTo(last.members());
    }

    @Test
    void nsgaIIBeatsRandomSearchOnHypervolume() {
        double[] reference = {1.1, 11.0};
        double[] nsga = new double[5];
        double[] random = new double[5];
        for (int seed = 0; seed < 5; seed++) {
            nsga[seed] = hypervolume(s -> NsgaIISampler.builder().seed(s).populationSize(20).build(), seed, reference);
            random[seed] = hypervolume(RandomSampler::new, seed, reference);
        }
        Arrays.sort(nsga);
        Arrays.sort(random);
        assertThat(nsga[2]).isGreaterThan(random[2]);
        assertThat(nsga[0]).isGreaterThan(random[0]);
    }

    @Test
    void nsgaIIIBeatsRandomSearchOnHypervolume() {
        double[] reference = {1.1, 11.0};
        double[] nsga = new double[5];
        double[] random = new double[5];
        for (int seed = 0; seed < 5; seed++) {
            nsga[seed] = hypervolume(s -> NsgaIIISampler.builder().seed(s).populationSize(20).build(), seed, reference);
            random[seed] = hypervolume(RandomSampler::new, seed, reference);
        }
        Arrays.sort(nsga);
        Arrays.sort(random);
        assertThat(nsga[2]).isGreaterThan(random[2]);
    }

    @Test
    void singleObjectiveStudiesImproveOverGenerations() {
        for (Sampler sampler : List.of(NsgaIISampler.builder().seed(1).populationSize(10).build(),
                NsgaIIISampler.builder().seed(1).populationSize(10).build())) {
            InMemoryStudy study = new InMemoryStudy(StudyDirection.MAXIMIZE, sampler);
            study.optimize(t -> {
                double x = t.suggestFloat("x", -5, 5);
                long y = t.suggestInt("y", -5, 5);
                return -(x * x + y * y);
            }, 100);
            List<FrozenTrial> trials = study.completeTrials();
            double first = trials.subList(0, 10).stream().mapToDouble(FrozenTrial::value).average().orElseThrow();
            double last = trials.subList(90, 100).stream().mapToDouble(FrozenTrial::value).average().orElseThrow();
            assertThat(last).isGreaterThan(first);
        }
    }

    @Test
    void constraintsSteerTowardsFeasibleTrials() {
        for (long seed = 0; seed < 3; seed++) {
            int bred = feasibleLateTrials(NsgaIISampler.builder().seed(seed).populationSize(10).build());
            int random = feasibleLateTrials(new RandomSampler(seed));
            int ignoring = feasibleLateTrials(NsgaIISampler.builder().seed(seed).populationSize(10).constraints(false).build());
            assertThat(bred).isGreaterThan(random + 10).isGreaterThan(ignoring + 10);
        }
    }

    /** Feasible trials among the last 50 of 100, where only x + y >= 1.6 (8% of the square) is feasible. */
    private static int feasibleLateTrials(Sampler sampler) {
        InMemoryStudy study = new InMemoryStudy(MIN2, sampler, null);
        for (int i = 0; i < 100; i++) {
            Trial t = study.ask();
            double x = t.suggestFloat("x", 0, 1);
            double y = t.suggestFloat("y", 0, 1);
            t.setConstraints(List.of(1.6 - x - y));
            // The objectives pull towards the origin, away from the feasible corner.
            study.tell(t, x, y);
        }
        return feasible(study.completeTrials().subList(50, 100));
    }

    @Test
    void emptyHistoryAndAllFailedTrialsFallBackToRandomDraws() {
        NsgaIISampler sampler = NsgaIISampler.builder().seed(2).populationSize(4).build();
        InMemoryStudy study = new InMemoryStudy(MIN2, sampler, null);
        for (int i = 0; i < 12; i++) {
            Trial t = study.ask();
            FrozenTrial snapshot = t.snapshot();
            assertThat(sampler.inferRelativeSearchSpace(study, snapshot)).isEmpty();
            assertThat(sampler.sampleRelative(study, snapshot, Map.of("x", new FloatDistribution(0, 1, false, null)))).isEmpty();
            assertThat(t.suggestFloat("x", 0, 1)).isBetween(0.0, 1.0);
            study.tell(t, TrialState.FAIL, List.of());
        }
        assertThat(sampler.generationOf(study, 12)).isZero();
    }

    @Test
    void edgeCasesKeepEveryDrawValid() {
        NsgaIISampler sampler = NsgaIISampler.builder().seed(3).populationSize(4).build();
        InMemoryStudy study = new InMemoryStudy(MIN2, sampler, null);
        for (int i = 0; i < 60; i++) {
            Trial t = study.ask();
            double x = t.suggestFloat("x", -1, 1);
            double fixed = t.suggestFloat("fixed", 2.5, 2.5);
            long single = t.suggestInt("single", 0, 2, false);
            String only = t.suggestCategorical("only", "one");
            String kind = t.suggestCategorical("kind", "a", "b");
            double extra = kind.equals("a") ? t.suggestFloat("a_only", 0, 1) : t.suggestInt("b_only", 1, 9, true);
            assertThat(fixed).isEqualTo(2.5);
            assertThat(only).isEqualTo("one");
            assertThat(x).isBetween(-1.0, 1.0);
            assertThat(single).isBetween(0L, 2L);
            assertThat(extra).isBetween(0.0, 9.0);
            if (i % 7 == 3) {
                study.tell(t, TrialState.FAIL, List.of());
            } else if (i % 5 == 1) {
                study.tell(t, Double.NaN, x);
            } else if (i % 5 == 2) {
                study.tell(t, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
            } else {
                study.tell(t, x * x + extra, (1 - x) * (1 - x));
            }
        }
        FrozenTrial next = study.ask().snapshot();
        assertThat(sampler.generationOf(study, next.number())).isGreaterThan(5);
        // Conditional parameters and single-value ones stay out of the bred space.
        assertThat(sampler.inferRelativeSearchSpace(study, next)).containsOnlyKeys("kind", "single", "x");
    }

    @Test
    void withoutMutationChildrenOnlyRecombineExistingValues() {
        NsgaIISampler sampler = NsgaIISampler.builder().seed(6).populationSize(4).mutationProb(0.0).crossoverProb(1.0)
                .crossover(new UniformCrossover(0.5)).build();
        InMemoryStudy study = new InMemoryStudy(MIN2, sampler, null);
        Set<String> firstChoices = new HashSet<>();
        Set<Long> firstInts = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            Trial t = study.ask();
            String c = t.suggestCategorical("c", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
            long n = t.suggestInt("n", 0, 1000);
            if (i < 4) {
                firstChoices.add(c);
                firstInts.add(n);
            } else {
                assertThat(c).isIn(firstChoices);
                assertThat(n).isIn(firstInts);
            }
            study.tell(t, n, c.charAt(0));
        }
    }

    private static int feasible(List<FrozenTrial> trials) {
        return (int) trials.stream().filter(FrozenTrial::isFeasible).count();
    }

    private static double hypervolume(LongFunction<Sampler> sampler, long seed, double[] reference) {
        InMemoryStudy study = new InMemoryStudy(MIN2, sampler.apply(seed), null);
        optimize(study, NsgaSamplerTest::zdtLike, 200, 6);
        double[][] points = study.completeTrials().stream()
                .map(t -> new double[]{t.values().get(0), t.values().get(1)}).toArray(double[][]::new);
        List<Integer> front = NonDominatedSort.paretoFront(points);
        return Hypervolume.of(front.stream().map(i -> points[i]).toArray(double[][]::new), reference);
    }

    /** ZDT1 on {@code dims} variables. */
    private static double[] zdtLike(double[] x) {
        double g = 1.0;
        for (int i = 1; i < x.length; i++) {
            g += 9.0 * x[i] / (x.length - 1);
        }
        return new double[]{x[0], g * (1 - Math.sqrt(x[0] / g))};
    }

    private static void optimize(InMemoryStudy study, java.util.function.Function<double[], double[]> f, int n, int dims) {
        for (int i = 0; i < n; i++) {
            Trial t = study.ask();
            double[] x = new double[dims];
            for (int d = 0; d < dims; d++) {
                x[d] = t.suggestFloat("x" + d, 0, 1);
            }
            study.tell(t, f.apply(x));
        }
    }

    /** The study as it looked when trial {@code n} was being sampled. */
    private record Prefix(InMemoryStudy study, int n) implements io.branchwise.space.study.StudyView {
        @Override
        public List<StudyDirection> directions() {
            return study.directions();
        }

        @Override
        public List<FrozenTrial> trials() {
            return new ArrayList<>(study.trials().subList(0, n));
        }
    }
}
