package io.branchwise.space.sampler.nsga;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.Trial;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CrossoverTest {

    static Stream<Supplier<Crossover>> operators() {
        return Stream.of(UniformCrossover::new, SbxCrossover::new, BlxAlphaCrossover::new, SpxCrossover::new,
                UndxCrossover::new, () -> new BlxAlphaCrossover(5.0), () -> new SbxCrossover(0.0));
    }

    /** Bred values must be valid for their distribution: inside bounds, on steps, integral where needed. */
    @ParameterizedTest
    @MethodSource("operators")
    void childrenStayInsideBoundsAndSteps(Supplier<Crossover> operator) {
        InMemoryStudy study = mixedHistory(operator.get(), 7);
        GeneticSampler sampler = samplerWith(operator.get(), 11);
        FrozenTrial next = study.ask().snapshot();
        Map<String, Distribution> space = sampler.inferRelativeSearchSpace(study, next);
        assertThat(space).containsOnlyKeys("f", "flog", "fstep", "i", "ilog", "istep", "istep3", "c");
        int bred = 0;
        for (int k = 0; k < 300; k++) {
            Map<String, Double> child = sampler.sampleRelative(study, next, space);
            bred += child.size();
            child.forEach((name, value) -> assertThat(space.get(name).contains(value))
                    .as("%s = %s in %s", name, value, space.get(name)).isTrue());
        }
        assertThat(bred).isGreaterThan(300 * 5);
    }

    @ParameterizedTest
    @MethodSource("operators")
    void deterministicForASeed(Supplier<Crossover> operator) {
        double[][] parents = {{0.1, 0.5, 0.9, 0.3}, {0.7, 0.2, 0.4, 0.3}, {0.5, 0.5, 0.1, 0.8}};
        double[] a = operator.get().cross(parents, new Random(3));
        double[] b = operator.get().cross(parents, new Random(3));
        double[] c = operator.get().cross(parents, new Random(4));
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void samplersWithTheSameSeedBreedTheSameChildren() {
        InMemoryStudy study = mixedHistory(new SbxCrossover(), 5);
        FrozenTrial next = study.ask().snapshot();
        GeneticSampler one = samplerWith(new SbxCrossover(), 99);
        GeneticSampler two = samplerWith(new SbxCrossover(), 99);
        Map<String, Distribution> space = one.inferRelativeSearchSpace(study, next);
        for (int k = 0; k < 20; k++) {
            assertThat(one.sampleRelative(study, next, space)).isEqualTo(two.sampleRelative(study, next, space));
        }
    }

    @Test
    void uniformCrossoverTakesEveryCoordinateFromAParent() {
        double[][] parents = {{0.1, 0.2, 0.3, 0.4, 0.5}, {0.9, 0.8, 0.7, 0.6, 0.55}};
        Random random = new Random(1);
        int fromSecond = 0;
        for (int k = 0; k < 200; k++) {
            double[] child = new UniformCrossover(0.5).cross(parents, random);
            for (int i = 0; i < child.length; i++) {
                assertThat(child[i]).isIn(parents[0][i], parents[1][i]);
                fromSecond += child[i] == parents[1][i] ? 1 : 0;
            }
        }
        assertThat(fromSecond).isBetween(400, 600);
        assertThat(new UniformCrossover(0.0).cross(parents, random)).containsExactly(parents[0]);
    }

    @Test
    void sbxWithLargeEtaStaysNearItsParents() {
        Random random = new Random(5);
        double[][] parents = {{0.2, 0.6, 0.0}, {0.4, 0.3, 1.0}};
        double wideSpread = 0.0;
        double narrowSpread = 0.0;
        for (int k = 0; k < 500; k++) {
            double[] narrow = new SbxCrossover(500.0).cross(parents, random);
            double[] wide = new SbxCrossover(0.5).cross(parents, random);
            for (int i = 0; i < narrow.length; i++) {
                double toParentNarrow = Math.min(Math.abs(narrow[i] - parents[0][i]), Math.abs(narrow[i] - parents[1][i]));
                assertThat(toParentNarrow).isLessThan(0.02);
                narrowSpread += toParentNarrow;
                wideSpread += Math.min(Math.abs(wide[i] - parents[0][i]), Math.abs(wide[i] - parents[1][i]));
                assertThat(wide[i]).isBetween(0.0, 1.0);
            }
        }
        assertThat(wideSpread).isGreaterThan(10 * narrowSpread);
    }

    @Test
    void undxAndSpxCentreOnTheirParents() {
        double[][] parents = {{0.3, 0.3, 0.3}, {0.5, 0.5, 0.5}, {0.4, 0.6, 0.2}};
        for (Crossover c : List.of(new UndxCrossover(), new SpxCrossover())) {
            Random random = new Random(2);
            double[] mean = new double[3];
            int n = 4000;
            for (int k = 0; k < n; k++) {
                double[] child = c.cross(parents, random);
                for (int i = 0; i < 3; i++) {
                    mean[i] += child[i] / n;
                }
            }
            // UNDX centres on the first two parents' midpoint, SPX on all three's centroid.
            double[] expected = c instanceof UndxCrossover ? new double[]{0.4, 0.4, 0.4} : new double[]{0.4, 0.4666, 0.3333};
            for (int i = 0; i < 3; i++) {
                assertThat(mean[i]).as("%s coordinate %d", c.getClass().getSimpleName(), i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(0.02));
            }
        }
    }

    private static GeneticSampler samplerWith(Crossover crossover, long seed) {
        return NsgaIISampler.builder().seed(seed).populationSize(6).crossover(crossover).crossoverProb(1.0)
                .mutationProb(0.0).build();
    }

    /** Three generations over every kind of distribution, some ranges tiny so that children press on bounds. */
    private static InMemoryStudy mixedHistory(Crossover crossover, long seed) {
        InMemoryStudy study = new InMemoryStudy(List.of(StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE),
                samplerWith(crossover, seed), null);
        for (int k = 0; k < 24; k++) {
            Trial t = study.ask();
            double f = t.suggestFloat("f", -2.0, 3.0);
            double flog = t.suggestFloat("flog", 1e-3, 10.0, true);
            double fstep = t.suggestFloat("fstep", 0.0, 1.0, 0.25);
            long i = t.suggestInt("i", -1, 1);
            long ilog = t.suggestInt("ilog", 1, 100, true);
            long istep = t.suggestInt("istep", 0, 10, false);
            t.suggest("istep3", new io.branchwise.space.distribution.IntDistribution(0, 10, false, 3));
            String c = t.suggestCategorical("c", "a", "b", "c");
            List<Double> values = new ArrayList<>(List.of(f * f + i + fstep, Math.log(flog) - ilog + istep + c.length()));
            study.tell(t, values.get(0), values.get(1));
        }
        return study;
    }
}
