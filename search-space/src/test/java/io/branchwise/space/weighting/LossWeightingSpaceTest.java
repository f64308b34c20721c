package io.branchwise.space.weighting;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.sampler.RandomSampler;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.Trial;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LossWeightingSpaceTest {
    private static final List<String> TASKS = List.of("a", "b", "c");

    private static double methodIndex(LossWeightingSpace space, WeightingMethod m) {
        return space.methods().indexOf(m);
    }

    @Test
    void defaultSpaceHasEveryMethodButNashMtlAndItsConditionalParameters() {
        LossWeightingSpace space = LossWeightingSpace.builder(TASKS).build();
        assertThat(space.methods()).doesNotContain(WeightingMethod.NASH_MTL).hasSize(WeightingMethod.values().length - 1);
        assertThat(space.distributions()).containsOnlyKeys("weighting.method", "weighting.dwa.temperature",
                "weighting.gradnorm.alpha", "weighting.cagrad.c", "weighting.static.a", "weighting.static.b",
                "weighting.static.c");
        assertThat(space.conditional(WeightingMethod.PCGRAD)).isEmpty();
        assertThat(space.conditional(WeightingMethod.DWA)).containsOnlyKeys("weighting.dwa.temperature");
    }

    @Test
    void suggestAsksOnlyForTheChosenMethodsParameters() {
        LossWeightingSpace space = LossWeightingSpace.builder(TASKS).methods(EnumSet.allOf(WeightingMethod.class)).build();
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(3));
        Set<WeightingMethod> seen = EnumSet.noneOf(WeightingMethod.class);
        for (int i = 0; i < 300; i++) {
            Trial trial = study.ask();
            LossWeighting w = space.suggest(trial);
            FrozenTrial t = trial.snapshot();
            Map<String, Distribution> expected = new HashMap<>(space.conditional(w.method()));
            expected.put(LossWeightingSpace.METHOD, space.distributions().get(LossWeightingSpace.METHOD));
            assertThat(t.distributions()).isEqualTo(expected);
            assertThat(space.decode(t.params())).isEqualTo(w);
            if (w.method() == WeightingMethod.STATIC) {
                assertThat(w.staticWeights().keySet()).containsExactlyElementsOf(TASKS);
                assertThat(w.staticWeights().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
                assertThat(w.staticWeights().values()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
            } else {
                assertThat(w.staticWeights()).isEmpty();
            }
            study.tell(trial, i);
            seen.add(w.method());
        }
        assertThat(seen).isEqualTo(EnumSet.allOf(WeightingMethod.class));
    }

    @Test
    void decodeReadsHyperParametersByShortName() {
        LossWeightingSpace space = LossWeightingSpace.builder(TASKS).methods(EnumSet.allOf(WeightingMethod.class)).build();
        LossWeighting dwa = space.decode(Map.of("weighting.method", methodIndex(space, WeightingMethod.DWA),
                "weighting.dwa.temperature", 2.0, "weighting.cagrad.c", 0.5));
        assertThat(dwa.method()).isEqualTo(WeightingMethod.DWA);
        assertThat(dwa.hyperParameters()).containsOnlyKeys("temperature");
        assertThat(dwa.hyperParameter("temperature")).isEqualTo(2.0);
        assertThatThrownBy(() -> dwa.hyperParameter("alpha")).hasMessageContaining("DWA has no hyper-parameter 'alpha'");
        LossWeighting nash = space.decode(Map.of("weighting.method", methodIndex(space, WeightingMethod.NASH_MTL),
                "weighting.nash_mtl.update_every", 5.0));
        assertThat(nash.hyperParameter("update_every")).isEqualTo(5.0);
        assertThat(space.decode(Map.of("weighting.method", methodIndex(space, WeightingMethod.UW))).hyperParameters()).isEmpty();
    }

    @Test
    void decodeRefusesMissingAndOutOfRangeValues() {
        LossWeightingSpace space = LossWeightingSpace.builder(TASKS).build();
        assertThatThrownBy(() -> space.decode(Map.of())).hasMessageContaining("'weighting.method' is missing");
        assertThatThrownBy(() -> space.decode(Map.of("weighting.method", 99.0))).hasMessageContaining("is outside");
        assertThatThrownBy(() -> space.decode(Map.of("weighting.method", methodIndex(space, WeightingMethod.GRADNORM))))
                .hasMessageContaining("'weighting.gradnorm.alpha' is missing");
        assertThatThrownBy(() -> space.decode(Map.of("weighting.method", methodIndex(space, WeightingMethod.GRADNORM),
                "weighting.gradnorm.alpha", 7.0))).hasMessageContaining("is outside");
    }

    @Test
    void staticWeightsAreProportionalToMinusLogOneMinusU() {
        LossWeightingSpace space = LossWeightingSpace.builder(TASKS).build();
        double stat = methodIndex(space, WeightingMethod.STATIC);
        // -ln(1-u) = 1, 2, 1 → weights 1/4, 1/2, 1/4
        LossWeighting w = space.decode(Map.of("weighting.method", stat, "weighting.static.a", 1 - Math.exp(-1),
                "weighting.static.b", 1 - Math.exp(-2), "weighting.static.c", 1 - Math.exp(-1)));
        assertThat(w.staticWeights().get("a")).isCloseTo(0.25, within(1e-12));
        assertThat(w.staticWeights().get("b")).isCloseTo(0.5, within(1e-12));
        LossWeighting zeros = space.decode(Map.of("weighting.method", stat, "weighting.static.a", 0.0,
                "weighting.static.b", 0.0, "weighting.static.c", 0.0));
        assertThat(zeros.staticWeights().values()).allSatisfy(v -> assertThat(v).isCloseTo(1.0 / 3, within(1e-12)));
        LossWeighting edge = space.decode(Map.of("weighting.method", stat, "weighting.static.a", 1.0,
                "weighting.static.b", 0.0, "weighting.static.c", 0.0));
        assertThat(edge.staticWeights().get("a")).isEqualTo(1.0);
    }

    @Test
    void uniformParametersCoverTheSimplexUniformly() {
        // Under Dirichlet(1,1,1), P(w_a > 1/2) = (1 - 1/2)^2 = 1/4; plain normalisation of uniforms gives 1/6.
        LossWeightingSpace space = LossWeightingSpace.builder(TASKS).build();
        double stat = methodIndex(space, WeightingMethod.STATIC);
        Random random = new Random(11);
        int n = 20000;
        int above = 0;
        for (int i = 0; i < n; i++) {
            LossWeighting w = space.decode(Map.of("weighting.method", stat, "weighting.static.a", random.nextDouble(),
                    "weighting.static.b", random.nextDouble(), "weighting.static.c", random.nextDouble()));
            if (w.staticWeights().get("a") > 0.5) {
                above++;
            }
        }
        assertThat(above / (double) n).isCloseTo(0.25, within(0.015));
    }

    @Test
    void oneTaskStaticHasNoParametersAndWeightOne() {
        LossWeightingSpace space = LossWeightingSpace.builder(List.of("solo")).methods(List.of(WeightingMethod.STATIC)).build();
        assertThat(space.distributions()).containsOnlyKeys("weighting.method");
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(1));
        LossWeighting w = space.suggest(study.ask());
        assertThat(w.staticWeights()).containsExactly(Map.entry("solo", 1.0));
    }

    @Test
    void invalidConfigurationsAndValuesAreRefused() {
        assertThatThrownBy(() -> LossWeightingSpace.builder(List.of()).build()).hasMessageContaining("at least one task");
        assertThatThrownBy(() -> LossWeightingSpace.builder(TASKS).methods(List.of()).build()).hasMessageContaining("at least one weighting method");
        assertThatThrownBy(() -> new LossWeighting(WeightingMethod.EW, Map.of(), Map.of("a", 1.0))).hasMessageContaining("only for it");
        assertThatThrownBy(() -> new LossWeighting(WeightingMethod.STATIC, Map.of(), Map.of())).hasMessageContaining("required for STATIC");
        assertThatThrownBy(() -> new LossWeighting(WeightingMethod.STATIC, Map.of(), Map.of("a", 0.3, "b", 0.3))).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> new LossWeighting(WeightingMethod.STATIC, Map.of(), Map.of("a", Double.NaN))).hasMessageContaining("finite");
    }

    @Test
    void aRangeReplacesTheDefaultOnTheSameScaleAndSuggestionsStayInsideIt() {
        LossWeightingSpace space = LossWeightingSpace.builder(TASKS)
                .methods(List.of(WeightingMethod.DWA, WeightingMethod.GRADNORM, WeightingMethod.NASH_MTL))
                .range(WeightingMethod.DWA, "temperature", 1.0, 4.0)
                .range(WeightingMethod.GRADNORM, "alpha", 0.5, 0.5)
                .range(WeightingMethod.NASH_MTL, "update_every", 5, 50)
                .build();
        assertThat(space.distributions().get("weighting.dwa.temperature")).isEqualTo(new FloatDistribution(1.0, 4.0, true, null));
        assertThat(space.distributions().get("weighting.gradnorm.alpha")).isEqualTo(new FloatDistribution(0.5, 0.5, false, null));
        assertThat(space.distributions().get("weighting.nash_mtl.update_every")).isEqualTo(new IntDistribution(5, 50, false, 1));
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new RandomSampler(5));
        Set<WeightingMethod> seen = EnumSet.noneOf(WeightingMethod.class);
        for (int i = 0; i < 200; i++) {
            LossWeighting w = space.suggest(study.ask());
            seen.add(w.method());
            switch (w.method()) {
                case DWA -> assertThat(w.hyperParameter("temperature")).isBetween(1.0, 4.0);
                case GRADNORM -> assertThat(w.hyperParameter("alpha")).as("a one-point range fixes it").isEqualTo(0.5);
                default -> assertThat(w.hyperParameter("update_every")).isBetween(5.0, 50.0);
            }
        }
        assertThat(seen).hasSize(3);
        assertThat(LossWeightingSpace.builder(TASKS).build().distributions().get("weighting.dwa.temperature"))
                .as("a range set on one builder leaves the defaults alone").isEqualTo(new FloatDistribution(0.5, 10.0, true, null));
    }

    @Test
    void badRangesAreRefusedWithTheHyperParameterNamed() {
        LossWeightingSpace.Builder b = LossWeightingSpace.builder(TASKS);
        assertThatThrownBy(() -> b.range(WeightingMethod.DWA, "alpha", 1, 2)).hasMessageContaining("DWA has no hyper-parameter 'alpha'; it has [temperature]");
        assertThatThrownBy(() -> b.range(WeightingMethod.PCGRAD, "c", 0, 1)).hasMessageContaining("PCGRAD has no hyper-parameters");
        assertThatThrownBy(() -> b.range(WeightingMethod.CAGRAD, "c", 0.8, 0.2)).hasMessageContaining("low 0.8 is above high 0.2");
        assertThatThrownBy(() -> b.range(WeightingMethod.CAGRAD, "c", 0.2, 1.5)).hasMessageContaining("CAGRAD c must stay within [0.0, 1.0]");
        assertThatThrownBy(() -> b.range(WeightingMethod.DWA, "temperature", 0.0, 1.0)).hasMessageContaining("within [0.01, 100.0]");
        assertThatThrownBy(() -> b.range(WeightingMethod.NASH_MTL, "update_every", 1.5, 4)).hasMessageContaining("whole number");
        assertThatThrownBy(() -> b.range(WeightingMethod.GRADNORM, "alpha", Double.NaN, 1)).hasMessageContaining("finite");
        assertThatThrownBy(() -> LossWeightingSpace.builder(TASKS).methods(List.of(WeightingMethod.EW))
                .range(WeightingMethod.DWA, "temperature", 1, 2).build())
                .hasMessageContaining("a range is set for DWA, but DWA is not among the methods [EW]");
        assertThat(LossWeightingSpace.hyperParameterNames(WeightingMethod.GRADNORM)).containsExactly("alpha");
        assertThat(LossWeightingSpace.hyperParameterNames(WeightingMethod.EW)).isEmpty();
    }
}
