package io.branchwise.space.sampler.cmaes;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.Trial;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CmaEsSamplerTest {

    private static double sphere(Trial t, int n) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double x = t.suggestFloat("x" + i, -5, 5);
            sum += x * x;
        }
        return sum;
    }

    private static double ellipsoid(Trial t, int n) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double x = t.suggestFloat("x" + i, -5, 5) - 1.0;
            sum += Math.pow(1e3, i / (n - 1.0)) * x * x;
        }
        return sum;
    }

    private static InMemoryStudy run(CmaEsSampler sampler, InMemoryStudy.Objective objective, int trials) {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, sampler);
        study.optimize(objective, trials);
        return study;
    }

    @Test
    void convergesOnSphere() {
        for (long seed = 0; seed < 3; seed++) {
            InMemoryStudy study = run(CmaEsSampler.builder().seed(seed).build(), t -> sphere(t, 5), 300);
            // Random search reaches about 1 here; CMA-ES must be far below.
            assertThat(study.bestTrial().value()).as("seed %d", seed).isLessThan(1e-2);
        }
    }

    @Test
    void convergesOnIllConditionedEllipsoid() {
        for (long seed = 0; seed < 3; seed++) {
            InMemoryStudy study = run(CmaEsSampler.builder().seed(seed).build(), t -> ellipsoid(t, 4), 600);
            assertThat(study.bestTrial().value()).as("seed %d", seed).isLessThan(1e-2);
        }
    }

    @Test
    void maximizesToo() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MAXIMIZE, CmaEsSampler.builder().seed(3).build());
        study.optimize(t -> -sphere(t, 3), 200);
        assertThat(study.bestTrial().value()).isGreaterThan(-1e-2);
    }

    @Test
    void ipopRestartsDoubleThePopulationWhenTheRunStagnates() {
        CmaEsSampler sampler = CmaEsSampler.builder().seed(1).restartStrategy(RestartStrategy.IPOP).build();
        InMemoryStudy study = run(sampler, t -> {
            t.suggestFloat("a", 0, 1);
            t.suggestFloat("b", 0, 1);
            return 1.0;
        }, 250);
        CmaReplay replay = sampler.replayOf(study);
        int base = 4 + (int) Math.floor(3 * Math.log(2));
        assertThat(replay.restarts()).isPositive();
        assertThat(replay.optimizer().populationSize()).isEqualTo(base << replay.restarts());

        CmaEsSampler plain = CmaEsSampler.builder().seed(1).build();
        InMemoryStudy flat = run(plain, t -> {
            t.suggestFloat("a", 0, 1);
            t.suggestFloat("b", 0, 1);
            return 1.0;
        }, 250);
        assertThat(plain.replayOf(flat).restarts()).isZero();
        assertThat(plain.replayOf(flat).optimizer().populationSize()).isEqualTo(base);
    }

    @Test
    void marginKeepsAnIntegerFromFreezing() {
        InMemoryStudy.Objective objective = t -> {
            double f = 0.0;
            for (int i = 0; i < 3; i++) {
                double x = t.suggestFloat("x" + i, -1, 1);
                f += x * x;
            }
            long k = t.suggestInt("k", 0, 10);
            return f + (k - 3) * (k - 3);
        };
        InMemoryStudy withMargin = run(CmaEsSampler.builder().seed(5).withMargin(true).build(), objective, 400);
        InMemoryStudy without = run(CmaEsSampler.builder().seed(5).build(), objective, 400);

        assertThat(distinctTail(withMargin, "k", 150)).hasSizeGreaterThan(1).contains(3.0);
        // Without margin the integer freezes once σ has shrunk: the contrast the margin exists for.
        assertThat(distinctTail(without, "k", 150)).containsExactly(3.0);
        assertThat(withMargin.bestTrial().value()).isLessThan(1e-2);
    }

    private static Set<Double> distinctTail(InMemoryStudy study, String name, int count) {
        List<FrozenTrial> trials = study.trials();
        Set<Double> values = new HashSet<>();
        for (FrozenTrial t : trials.subList(trials.size() - count, trials.size())) {
            values.add(t.params().get(name));
        }
        return values;
    }

    @Test
    void sameSeedSameTrials() {
        InMemoryStudy a = run(CmaEsSampler.builder().seed(11).build(), t -> sphere(t, 3), 60);
        InMemoryStudy b = run(CmaEsSampler.builder().seed(11).build(), t -> sphere(t, 3), 60);
        InMemoryStudy c = run(CmaEsSampler.builder().seed(12).build(), t -> sphere(t, 3), 60);
        assertThat(params(a)).isEqualTo(params(b));
        assertThat(params(a)).isNotEqualTo(params(c));
    }

    private static List<Map<String, Double>> params(InMemoryStudy study) {
        return study.trials().stream().map(FrozenTrial::params).toList();
    }

    @Test
    void aRebuiltSamplerProposesWhatTheOriginalWould() {
        CmaEsSampler original = CmaEsSampler.builder().seed(4).build();
        InMemoryStudy study = run(original, t -> sphere(t, 4), 57);
        FrozenTrial next = FrozenTrial.running(study.trials().size());
        Map<String, Distribution> space = original.inferRelativeSearchSpace(study, next);

        CmaEsSampler rebuilt = CmaEsSampler.builder().seed(4).build();
        Map<String, Double> fromRebuilt = rebuilt.sampleRelative(study, next, space);
        assertThat(fromRebuilt).hasSize(4).isEqualTo(original.sampleRelative(study, next, space));
        // And the original's trials were all recognised as its own proposals, not injected.
        assertThat(rebuilt.replayOf(study).optimizer().generation()).isEqualTo(57 / 8);
    }

    @Test
    void emptyHistoryAndAllFailedFallBackToIndependentDraws() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, CmaEsSampler.builder().seed(2).build());
        for (int i = 0; i < 20; i++) {
            Trial t = study.ask();
            double x = t.suggestFloat("x", -2, 2);
            long n = t.suggestInt("n", 1, 100, true);
            assertThat(x).isBetween(-2.0, 2.0);
            assertThat(n).isBetween(1L, 100L);
            study.tell(t, TrialState.FAIL, List.of());
        }
        Set<Double> xs = new HashSet<>();
        study.trials().forEach(t -> xs.add(t.params().get("x")));
        assertThat(xs).hasSize(20);
    }

    @Test
    void nonFiniteValuesAreRankedWorstAndDoNotBreakTheSearch() {
        InMemoryStudy study = run(CmaEsSampler.builder().seed(8).build(), t -> {
            double x = t.suggestFloat("x", -5, 5);
            double y = t.suggestFloat("y", -5, 5);
            if (x > 3) {
                return Double.NaN;
            }
            if (y < -3) {
                return Double.POSITIVE_INFINITY;
            }
            return (x - 1) * (x - 1) + (y - 1) * (y - 1);
        }, 200);
        assertThat(study.bestTrial().value()).isLessThan(1e-2);
        assertThat(study.trials()).allSatisfy(t -> assertThat(t.params().get("x")).isBetween(-5.0, 5.0));
    }

    @Test
    void negativeInfinityIsTheBestAnyoneCanDo() {
        InMemoryStudy study = run(CmaEsSampler.builder().seed(8).build(), t -> {
            double x = t.suggestFloat("x", 0, 1);
            double y = t.suggestFloat("y", 0, 1);
            return x + y < 0.3 ? Double.NEGATIVE_INFINITY : x + y;
        }, 120);
        long hits = study.trials().stream().filter(t -> t.value() == Double.NEGATIVE_INFINITY).count();
        assertThat(hits).isGreaterThan(20);
    }

    @Test
    void singlePointRangesOneChoiceCategoricalsAndConditionalsAreHandled() {
        InMemoryStudy study = run(CmaEsSampler.builder().seed(6).build(), t -> {
            double x = t.suggestFloat("x", -3, 3);
            double fixed = t.suggestFloat("fixed", 2.5, 2.5);
            String only = t.suggestCategorical("only", "one");
            String branch = t.suggestCategorical("branch", "a", "b");
            double extra = branch.equals("a") ? t.suggestFloat("a_width", 0, 1) : t.suggestInt("b_depth", 1, 4);
            assertThat(fixed).isEqualTo(2.5);
            assertThat(only).isEqualTo("one");
            return x * x + extra;
        }, 80);
        FrozenTrial next = FrozenTrial.running(study.trials().size());
        CmaEsSampler probe = CmaEsSampler.builder().seed(6).build();
        // Only x is modelled: single-point, categorical and conditional parameters are left to independent draws.
        assertThat(probe.inferRelativeSearchSpace(study, next)).containsOnlyKeys("x");
        assertThat(study.bestTrial().params().get("x")).isBetween(-0.3, 0.3);
    }

    @Test
    void multiObjectiveStudiesAreSampledIndependently() {
        CmaEsSampler sampler = CmaEsSampler.builder().seed(1).build();
        InMemoryStudy study = new InMemoryStudy(List.of(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE), sampler, null);
        for (int i = 0; i < 12; i++) {
            Trial t = study.ask();
            double x = t.suggestFloat("x", 0, 1);
            double y = t.suggestFloat("y", 0, 1);
            study.tell(t, x, y);
        }
        assertThat(sampler.inferRelativeSearchSpace(study, FrozenTrial.running(12))).isEmpty();
    }

    @Test
    void startupTrialsAreRandomAndX0SetsTheStart() {
        CmaEsSampler sampler = CmaEsSampler.builder().seed(3).nStartupTrials(5).sigma0(0.01).x0(Map.of("x", 4.0)).build();
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, sampler);
        Map<String, Distribution> space = Map.of("x", new FloatDistribution(-5, 5, false, null),
                "y", new FloatDistribution(-5, 5, false, null));
        for (int i = 0; i < 5; i++) {
            Trial t = study.ask();
            assertThat(sampler.sampleRelative(study, t.snapshot(), space)).as("startup trial %d", i).isEmpty();
            study.tell(t, t.suggestFloat("x", -5, 5) + t.suggestFloat("y", -5, 5));
        }
        Trial first = study.ask();
        Map<String, Double> proposal = sampler.sampleRelative(study, first.snapshot(), space);
        assertThat(proposal.get("x")).isCloseTo(4.0, org.assertj.core.api.Assertions.within(0.5));
        assertThat(proposal.get("y")).isCloseTo(0.0, org.assertj.core.api.Assertions.within(0.5));
    }

    @Test
    void prunedTrialsAreLearnedFromOnlyWhenAskedTo() {
        CmaEsSampler considering = CmaEsSampler.builder().seed(2).populationSize(4).considerPrunedTrials(true).build();
        CmaEsSampler ignoring = CmaEsSampler.builder().seed(2).populationSize(4).build();
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, considering);
        for (int i = 0; i < 8; i++) {
            Trial t = study.ask();
            double x = t.suggestFloat("x", 0, 1) + t.suggestFloat("y", 0, 1);
            t.report(x, 1);
            if (i % 2 == 0) {
                study.tell(t, TrialState.PRUNED, List.of());
            } else {
                study.tell(t, x);
            }
        }
        assertThat(considering.replayOf(study).optimizer().generation()).isEqualTo(2);
        assertThat(ignoring.replayOf(study).optimizer().generation()).isEqualTo(1);
    }

    @Test
    void logAndSteppedParametersStayValid() {
        InMemoryStudy study = run(CmaEsSampler.builder().seed(9).withMargin(true).build(), t -> {
            double lr = t.suggestFloat("lr", 1e-5, 1e-1, true);
            long units = t.suggestInt("units", 8, 512, true);
            double drop = t.suggestFloat("drop", 0.0, 0.5, 0.1);
            return Math.abs(Math.log10(lr) + 3) + Math.abs(Math.log(units / 64.0)) + Math.abs(drop - 0.2);
        }, 150);
        assertThat(study.trials()).allSatisfy(t -> t.params().forEach((name, v) ->
                assertThat(t.distributions().get(name).contains(v)).as(name + "=" + v).isTrue()));
        assertThat(study.bestTrial().value()).isLessThan(0.5);
    }
}
