package io.branchwise.space.sampler;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.json.JsonValue;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RandomSamplerTest {
    private static final List<Distribution> DISTRIBUTIONS = List.of(
            new FloatDistribution(-2, 3, false, null),
            new FloatDistribution(1e-4, 10, true, null),
            new FloatDistribution(0, 1, false, 0.25),
            new IntDistribution(-3, 9, false, 1),
            new IntDistribution(0, 10, false, 5),
            new IntDistribution(1, 1024, true, 1),
            new CategoricalDistribution(List.of(new JsonValue.JsonString("a"), JsonValue.JsonNull.NULL,
                    new JsonValue.JsonFloat(1.5))));

    @Test
    void drawsStayInsideEveryKindOfDistribution() {
        Random random = new Random(7);
        for (Distribution d : DISTRIBUTIONS) {
            for (int i = 0; i < 2_000; i++) {
                double v = RandomSampler.draw(d, random);
                assertThat(d.contains(v)).as("%s contains %s", d, v).isTrue();
            }
            assertThat(d.contains(RandomSampler.fromUnit(d, 0.0))).isTrue();
            assertThat(d.contains(RandomSampler.fromUnit(d, Math.nextDown(1.0)))).isTrue();
        }
    }

    @Test
    void unitMappingRoundTripsValidValues() {
        for (Distribution d : DISTRIBUTIONS) {
            Random random = new Random(3);
            for (int i = 0; i < 200; i++) {
                double v = RandomSampler.draw(d, random);
                double u = RandomSampler.toUnit(d, v);
                assertThat(u).isBetween(0.0, 1.0);
                assertThat(RandomSampler.fromUnit(d, u)).as("%s value %s", d, v).isCloseTo(v, within(1e-9));
            }
        }
    }

    @Test
    void everyStepOfADiscreteRangeIsEquallyLikely() {
        IntDistribution d = new IntDistribution(0, 10, false, 5);
        Random random = new Random(11);
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            counts[(int) RandomSampler.draw(d, random) / 5]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_400, 10_600);
        }
    }

    @Test
    void theSameSeedGivesTheSameTrials() {
        assertThat(run(5)).isEqualTo(run(5)).isNotEqualTo(run(6));
    }

    @Test
    void intersectionSpaceDropsConditionalAndChangedParameters() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(1));
        study.optimize(t -> {
            double x = t.suggestFloat("x", 0, 1);
            if (t.number() % 2 == 0) {
                t.suggestFloat("only-even", 0, 1);
            }
            t.suggestFloat("widening", 0, t.number() + 1.0);
            t.suggestFloat("fixed", 1, 1);
            return x;
        }, 4);
        study.add(FrozenTrial.builder(4).state(TrialState.FAIL).build());
        assertThat(new IntersectionSearchSpace(false).of(study)).containsOnlyKeys("x");
        assertThat(new IntersectionSearchSpace(false).of(new InMemoryStudy(StudyDirection.MINIMIZE,
                new RandomSampler(1)))).isEmpty();
    }

    private static List<Map<String, Double>> run(long seed) {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(seed));
        study.optimize(t -> t.suggestFloat("x", 0, 1) + t.suggestInt("n", 0, 5), 10);
        return study.trials().stream().map(FrozenTrial::params).toList();
    }
}
