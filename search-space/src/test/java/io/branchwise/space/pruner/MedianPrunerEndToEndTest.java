package io.branchwise.space.pruner;

import io.branchwise.space.sampler.RandomSampler;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MedianPrunerEndToEndTest {
    private static final int STEPS = 20;

    /**
     * x below 0.5 learns along one shared curve; above it the loss stays around 6, clearly bad. Good curves are
     * identical on purpose: the median pruner also stops the worse half of merely good curves, which is not what
     * this test is about; x then only shows in the final value.
     */
    private static double loss(double x, int step) {
        double decay = 1.0 / (step + 1);
        return x < 0.5 ? decay : 5.0 + decay + x;
    }

    @Test
    void prunesClearlyBadLearningCurvesAndOnlyThem() {
        InMemoryStudy study = new InMemoryStudy(List.of(StudyDirection.MINIMIZE), new RandomSampler(7), new MedianPruner());
        study.optimize(trial -> {
            double x = trial.suggestFloat("x", 0.0, 1.0);
            for (int step = 0; step < STEPS; step++) {
                trial.report(loss(x, step), step);
                if (trial.shouldPrune()) {
                    throw new InMemoryStudy.TrialPruned("pruned at step " + step);
                }
            }
            return loss(x, STEPS - 1) + 0.1 * x;
        }, 40);

        List<FrozenTrial> trials = study.trials();
        List<FrozenTrial> bad = trials.stream().filter(t -> t.params().get("x") >= 0.5).toList();
        List<FrozenTrial> pruned = trials.stream().filter(t -> t.state() == TrialState.PRUNED).toList();
        assertThat(bad).hasSizeGreaterThan(10);
        assertThat(pruned).allSatisfy(t -> {
            assertThat(t.params().get("x")).isGreaterThanOrEqualTo(0.5);
            assertThat(t.intermediateValues().lastKey()).isLessThan(STEPS - 1);
        });
        // past the five startup trials, once good curves dominate the median, every bad curve stops at once
        assertThat(bad.stream().filter(t -> t.number() >= 10)).isNotEmpty().allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TrialState.PRUNED);
            assertThat(t.intermediateValues().lastKey()).isZero();
        });
        assertThat(study.bestTrial().params().get("x")).isLessThan(0.5);
    }
}
