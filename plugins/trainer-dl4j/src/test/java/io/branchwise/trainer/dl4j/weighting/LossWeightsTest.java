package io.branchwise.trainer.dl4j.weighting;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** EW, STATIC, UW, DWA, RLW and GradNorm: their weights against values computed here from the papers' formulas. */
class LossWeightsTest {

    @Test
    void equalWeightsAreOnes() {
        assertThat(new EqualWeighting(3).stepWeights(5)).containsExactly(1.0, 1.0, 1.0);
        assertThat(new EqualWeighting(3).needsTaskGradients(0)).isFalse();
    }

    @Test
    void staticWeightsAreScaledByTheTaskCount() {
        assertThat(new StaticWeighting(new double[]{0.2, 0.8}).stepWeights(0)).containsExactly(new double[]{0.4, 1.6}, within(1e-12));
        assertThatThrownBy(() -> new StaticWeighting(new double[]{0.2, 0.7})).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> new StaticWeighting(new double[]{1.2, -0.2})).hasMessageContaining(">= 0");
    }

    @Test
    void uncertaintyWeightingDescendsTheGradientOfItsLogVariances() {
        UncertaintyWeighting uw = new UncertaintyWeighting(2, ParameterOptimizer.sgd(0.1));
        assertThat(uw.stepWeights(0)).containsExactly(1.0, 1.0);
        // s = 0: d/ds [exp(-s)L + s] = 1 - L → (1 - 2, 1 - 0.5) = (-1, 0.5).
        assertThat(uw.gradient(new double[]{2, 0.5})).containsExactly(new double[]{-1, 0.5}, within(1e-12));
        uw.afterStep(0, new double[]{2, 0.5});
        assertThat(uw.logVariances()).containsExactly(new double[]{0.1, -0.05}, within(1e-12));
        assertThat(uw.stepWeights(1)).containsExactly(new double[]{Math.exp(-0.1), Math.exp(0.05)}, within(1e-12));
        // With s = 0.1 and L = 2 the gradient is 1 - e^-0.1·2.
        assertThat(uw.gradient(new double[]{2, 0.5})[0]).isCloseTo(1 - Math.exp(-0.1) * 2, within(1e-12));
    }

    @Test
    void uncertaintyWeightingSettlesWhereWeightedLossIsOne() {
        UncertaintyWeighting uw = new UncertaintyWeighting(2, ParameterOptimizer.adam(0.05));
        for (int i = 0; i < 4000; i++) {
            uw.afterStep(i, new double[]{4, 0.25});
        }
        // The minimum of exp(-s)L + s is at s = ln L.
        assertThat(uw.logVariances()).containsExactly(new double[]{Math.log(4), Math.log(0.25)}, within(0.02));
    }

    @Test
    void dwaWeightsFromTheLastTwoEpochsLossRatios() {
        DynamicWeightAverage dwa = new DynamicWeightAverage(2, 2.0);
        assertThat(dwa.stepWeights(0)).containsExactly(1.0, 1.0);
        dwa.afterEpoch(1, new double[]{1.0, 2.0});
        assertThat(dwa.stepWeights(10)).containsExactly(1.0, 1.0);
        dwa.afterEpoch(2, new double[]{0.5, 1.8});
        // r = (0.5/1, 1.8/2) = (0.5, 0.9); w = 2·exp(r/2) / Σ exp(r/2).
        double e1 = Math.exp(0.25);
        double e2 = Math.exp(0.45);
        assertThat(dwa.stepWeights(20)).containsExactly(new double[]{2 * e1 / (e1 + e2), 2 * e2 / (e1 + e2)}, within(1e-12));
        dwa.afterEpoch(3, new double[]{0.5, 0.9});
        // Now epochs 2 and 3: r = (1.0, 0.5).
        double f1 = Math.exp(0.5);
        double f2 = Math.exp(0.25);
        assertThat(dwa.stepWeights(30)).containsExactly(new double[]{2 * f1 / (f1 + f2), 2 * f2 / (f1 + f2)}, within(1e-12));
    }

    @Test
    void rlwWeightsArePositiveSumToTAndReplayForASeed() {
        RandomLossWeighting a = new RandomLossWeighting(4, 9);
        RandomLossWeighting b = new RandomLossWeighting(4, 9);
        RandomLossWeighting other = new RandomLossWeighting(4, 10);
        double[] mean = new double[4];
        double[] previous = null;
        int steps = 20_000;
        for (int s = 0; s < steps; s++) {
            double[] w = a.stepWeights(s);
            assertThat(w).containsExactly(b.stepWeights(s));
            assertThat(java.util.Arrays.stream(w).sum()).isCloseTo(4.0, within(1e-12));
            assertThat(java.util.Arrays.stream(w).min().orElseThrow()).isPositive();
            if (previous != null) {
                assertThat(w).isNotEqualTo(previous); // fresh weights every step
            }
            previous = w;
            for (int t = 0; t < 4; t++) {
                mean[t] += w[t] / steps;
            }
        }
        assertThat(other.stepWeights(0)).isNotEqualTo(new RandomLossWeighting(4, 9).stepWeights(0));
        // By symmetry every task's expected weight is 1.
        assertThat(mean).containsExactly(new double[]{1, 1, 1, 1}, within(0.03));
    }

    @Test
    void gradNormTargetsAndWeightUpdateByHand() {
        GradNorm gn = new GradNorm(2, 1.5, ParameterOptimizer.sgd(0.1));
        // Step 1: norms (2, 1), losses (1, 1) are also the initial losses, so r = (1, 1) and the target is
        // the mean weighted norm Ḡ = (1·2 + 1·1)/2 = 1.5 for both.
        Combination first = gn.combine(new TaskGradients(new float[][]{{1, 0}, {0, 1}}, new double[]{2, 1}, new double[]{1, 1}), 0);
        assertThat(first.taskWeights()).containsExactly(1.0, 1.0); // the step used the weights from before the update
        assertThat(first.shared()).containsExactly(1f, 1f);
        // grad_w = sign(G - target)·|∇L| = (+2, -1); SGD: (0.8, 1.1); renormalised to sum 2: ×2/1.9.
        assertThat(gn.weights()).containsExactly(new double[]{0.8 * 2 / 1.9, 1.1 * 2 / 1.9}, within(1e-12));

        // Step 2: task 0 learned faster (losses 0.5 vs 0.9 of their initial 1): L̃ = (0.5, 0.9), r = L̃/0.7,
        // Ḡ = mean(w·n) with n = (1, 1) → 1, target = r^1.5.
        double[] w = gn.weights();
        double[] targets = gn.targets(new double[]{1, 1}, new double[]{0.5, 0.9});
        double gBar = (w[0] + w[1]) / 2;
        assertThat(targets).containsExactly(new double[]{gBar * Math.pow(0.5 / 0.7, 1.5), gBar * Math.pow(0.9 / 0.7, 1.5)}, within(1e-12));
        // The slow task's target is higher: GradNorm raises its weight.
        Combination second = gn.combine(new TaskGradients(new float[][]{{1, 0}, {0, 1}}, new double[]{1, 1}, new double[]{0.5, 0.9}), 1);
        assertThat(second.shared()).containsExactly(new float[]{(float) w[0], (float) w[1]}, within(1e-6f));
        assertThat(gn.weights()[1]).isGreaterThan(w[1]);
        assertThat(gn.weights()[0] + gn.weights()[1]).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void parameterAdamFirstStepIsTheLearningRateAlongTheSign() {
        double[] p = {1.0, 1.0};
        ParameterOptimizer.adam(0.01).step(p, new double[]{300, -0.002});
        assertThat(p).containsExactly(new double[]{0.99, 1.01}, within(1e-6));
    }
}
