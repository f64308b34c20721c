package io.branchwise.space.sampler.qmc;

import io.branchwise.space.distribution.Distribution;
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

class QmcSamplerTest {

    private static double objective(Trial t) {
        double x = t.suggestFloat("x", -1, 1);
        long n = t.suggestInt("n", 0, 7);
        String c = t.suggestCategorical("c", "a", "b", "c", "d");
        return x * x + n + c.length();
    }

    @Test
    void trialNumberIndexesTheSequence() {
        QmcSampler sampler = QmcSampler.builder().seed(3).build();
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, sampler);
        study.optimize(QmcSamplerTest::objective, 64);
        SobolSequence sobol = new SobolSequence(true, 3);
        // Parameters are ordered by name: c, n, x.
        for (FrozenTrial t : study.trials().subList(1, 64)) {
            double[] u = sobol.point(t.number(), 3);
            assertThat(t.params().get("c")).isEqualTo(Math.floor(u[0] * 4));
            assertThat(t.params().get("n")).isEqualTo(Math.floor(u[1] * 8));
            assertThat(t.params().get("x")).isEqualTo(-1 + 2 * u[2]);
        }
        // Trials 32..63 stratify x: one per 1/32 of the range, as the sequence does.
        Set<Integer> cells = new HashSet<>();
        study.trials().subList(32, 64).forEach(t -> cells.add((int) Math.floor((t.params().get("x") + 1) / 2 * 32)));
        assertThat(cells).hasSize(32);
    }

    @Test
    void parallelWorkersGetDistinctPoints() {
        QmcSampler sampler = QmcSampler.builder().type(QmcType.HALTON).seed(1).build();
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, sampler);
        study.optimize(QmcSamplerTest::objective, 1);
        Trial first = study.ask();
        Trial second = study.ask();
        Map<String, Distribution> space = sampler.inferRelativeSearchSpace(study, first.snapshot());
        assertThat(space).containsOnlyKeys("c", "n", "x");
        assertThat(sampler.sampleRelative(study, first.snapshot(), space).get("x"))
                .isNotEqualTo(sampler.sampleRelative(study, second.snapshot(), space).get("x"));
    }

    @Test
    void deterministicForASeed() {
        for (QmcType type : QmcType.values()) {
            InMemoryStudy a = new InMemoryStudy(StudyDirection.MINIMIZE, QmcSampler.builder().type(type).seed(9).build());
            InMemoryStudy b = new InMemoryStudy(StudyDirection.MINIMIZE, QmcSampler.builder().type(type).seed(9).build());
            InMemoryStudy c = new InMemoryStudy(StudyDirection.MINIMIZE, QmcSampler.builder().type(type).seed(10).build());
            a.optimize(QmcSamplerTest::objective, 20);
            b.optimize(QmcSamplerTest::objective, 20);
            c.optimize(QmcSamplerTest::objective, 20);
            assertThat(params(a)).isEqualTo(params(b)).isNotEqualTo(params(c));
        }
    }

    private static List<Map<String, Double>> params(InMemoryStudy study) {
        return study.trials().stream().map(FrozenTrial::params).toList();
    }

    @Test
    void edgeCasesFallBackToIndependentDraws() {
        QmcSampler sampler = QmcSampler.builder().scramble(false).build();
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, sampler);
        // Empty and all-failed histories: no space yet, every value drawn independently and valid.
        for (int i = 0; i < 3; i++) {
            Trial t = study.ask();
            assertThat(t.suggestFloat("x", 0, 1)).isBetween(0.0, 1.0);
            study.tell(t, TrialState.FAIL, List.of());
        }
        assertThat(sampler.inferRelativeSearchSpace(study, FrozenTrial.running(3))).isEmpty();
        study.optimize(t -> {
            double x = t.suggestFloat("x", 0, 1);
            assertThat(t.suggestFloat("fixed", 3, 3)).isEqualTo(3.0);
            assertThat(t.suggestCategorical("one", "only")).isEqualTo("only");
            double y = x < 0.5 ? t.suggestFloat("low", 0, 1) : t.suggestInt("high", 1, 9);
            return x < 0.2 ? Double.NaN : x > 0.9 ? Double.POSITIVE_INFINITY : y;
        }, 30);
        Map<String, Distribution> space = sampler.inferRelativeSearchSpace(study, FrozenTrial.running(33));
        // The first complete trial fixes the space, single-valued parameters left out; the other branch stays independent.
        FrozenTrial firstComplete = study.completeTrials().get(0);
        Set<String> expected = new HashSet<>(firstComplete.params().keySet());
        expected.removeAll(Set.of("fixed", "one"));
        assertThat(space.keySet()).isEqualTo(expected).contains("x").hasSize(2);
        assertThat(study.trials().subList(3, 33)).allSatisfy(t -> t.params().forEach((name, v) ->
                assertThat(t.distributions().get(name).contains(v)).isTrue()));
    }
}
