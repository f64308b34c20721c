package io.branchwise.trainer.dl4j.weighting;

import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.WeightingMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LossBalancersTest {
    private static final List<String> TASKS = List.of("b", "a");

    @ParameterizedTest
    @EnumSource(WeightingMethod.class)
    void everyMethodHasABalancer(WeightingMethod method) {
        LossWeighting w = method == WeightingMethod.STATIC
                ? new LossWeighting(method, Map.of(), Map.of("a", 0.25, "b", 0.75))
                : new LossWeighting(method, Map.of(), Map.of());
        LossBalancer balancer = LossBalancers.create(w, TASKS, TrainingOptions.defaults());
        assertThat(balancer.stepWeights(0)).hasSize(2);
        boolean gradients = switch (method) {
            case GRADNORM, PCGRAD, CAGRAD, NASH_MTL -> true;
            default -> false;
        };
        assertThat(balancer.needsTaskGradients(0)).isEqualTo(gradients);
    }

    @Test
    void staticWeightsFollowTheTrainersTaskOrderNotTheMapOrder() {
        LossWeighting w = new LossWeighting(WeightingMethod.STATIC, Map.of(), Map.of("a", 0.25, "b", 0.75));
        assertThat(LossBalancers.create(w, TASKS, TrainingOptions.defaults()).stepWeights(0))
                .containsExactly(new double[]{1.5, 0.5}, within(1e-12));
    }

    @Test
    void hyperParametersAreReadAndDefaulted() {
        LossBalancer cagrad = LossBalancers.create(new LossWeighting(WeightingMethod.CAGRAD, Map.of("c", 0.0), Map.of()),
                TASKS, TrainingOptions.defaults());
        // c = 0 → the plain sum; with the default c = 0.4 it would not be.
        float[] d = cagrad.combine(new TaskGradients(new float[][]{{1, 0}, {0, 1}}, new double[2], new double[2]), 0).shared();
        assertThat(d).containsExactly(new float[]{1, 1}, within(1e-6f));
        LossBalancer nash = LossBalancers.create(new LossWeighting(WeightingMethod.NASH_MTL, Map.of("update_every", 5.0), Map.of()),
                TASKS, TrainingOptions.defaults());
        assertThat(nash.needsTaskGradients(4)).isFalse();
        assertThat(nash.needsTaskGradients(5)).isTrue();
    }
}
