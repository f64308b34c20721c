package io.branchwise.space.pruner;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static io.branchwise.space.pruner.Histories.maximize;
import static io.branchwise.space.pruner.Histories.minimize;
import static io.branchwise.space.pruner.Histories.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatientPrunerTest {

    @Test
    void prunesWhenTheLastPatiencePlusOneReportsDoNotImprove() {
        PatientPruner patience2 = new PatientPruner(2, 0.0);
        // best before the window 0.5, best inside [0.6, 0.7, 0.8] 0.6: stalled
        assertThat(patience2.prune(minimize(), running(0, 1.0, 0.5, 0.6, 0.7, 0.8))).isTrue();
        // 0.4 inside the window improves on 0.5
        assertThat(patience2.prune(minimize(), running(0, 1.0, 0.5, 0.6, 0.4, 0.8))).isFalse();
        // equal to the best before is not worse
        assertThat(patience2.prune(minimize(), running(0, 1.0, 0.5, 0.5, 0.7, 0.8))).isFalse();
    }

    @Test
    void minDeltaToleratesSmallRegressions() {
        assertThat(new PatientPruner(2, 0.2).prune(minimize(), running(0, 1.0, 0.5, 0.6, 0.7, 0.8))).isFalse();
        assertThat(new PatientPruner(2, 0.05).prune(minimize(), running(0, 1.0, 0.5, 0.6, 0.7, 0.8))).isTrue();
    }

    @Test
    void maximisingLooksForTheLargestValues() {
        PatientPruner patience1 = new PatientPruner(1, 0.0);
        assertThat(patience1.prune(maximize(), running(0, 0.1, 0.9, 0.8, 0.7))).isTrue();
        assertThat(patience1.prune(maximize(), running(0, 0.1, 0.9, 0.8, 0.95))).isFalse();
    }

    @Test
    void needsMoreThanPatiencePlusOneReports() {
        PatientPruner patience2 = new PatientPruner(2, 0.0);
        assertThat(patience2.prune(minimize(), running(0, 0.5, 0.6, 0.7))).isFalse();
        assertThat(patience2.prune(minimize(), running(0, 0.5, 0.6, 0.7, 0.8))).isTrue();
        assertThat(patience2.prune(minimize(), running(0))).isFalse();
    }

    @Test
    void allNaNOnEitherSideNeverRunsOutOfPatience() {
        PatientPruner patience1 = new PatientPruner(1, 0.0);
        assertThat(patience1.prune(minimize(), running(0, Double.NaN, 1.0, 2.0))).isFalse();
        assertThat(patience1.prune(minimize(), running(0, 1.0, Double.NaN, Double.NaN))).isFalse();
        // a NaN inside the window is skipped, the other value still counts
        assertThat(patience1.prune(minimize(), running(0, 1.0, Double.NaN, 2.0))).isTrue();
        assertThat(patience1.prune(minimize(), running(0, 1.0, 2.0, Double.POSITIVE_INFINITY))).isTrue();
    }

    @Test
    void theWrappedPrunerHasTheFinalWordOnlyWhenPatienceRunsOut() {
        AtomicInteger asked = new AtomicInteger();
        Pruner never = (study, trial) -> {
            asked.incrementAndGet();
            return false;
        };
        PatientPruner wrapped = new PatientPruner(never, 1, 0.0);
        assertThat(wrapped.prune(minimize(), running(0, 1.0, 0.5, 0.4))).isFalse();
        assertThat(asked).hasValue(0);
        assertThat(wrapped.prune(minimize(), running(0, 0.5, 0.6, 0.7))).isFalse();
        assertThat(asked).hasValue(1);
        assertThat(new PatientPruner((s, t) -> true, 1, 0.0).prune(minimize(), running(0, 0.5, 0.6, 0.7))).isTrue();
    }

    @Test
    void invalidOptionsAndMultiObjectiveStudiesAreRejected() {
        assertThatThrownBy(() -> new PatientPruner(-1, 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PatientPruner(1, -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PatientPruner(1, 0.0).prune(Histories.twoObjectives(), running(0, 1, 2, 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PatientPruner");
    }
}
