package io.branchwise.space.sampler.tpe;

import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ObservationOrderTest {
    private static final FloatDistribution X = new FloatDistribution(-5, 5, false, null);
    private static final FloatDistribution OTHER = new FloatDistribution(0, 1, false, null);

    private static FrozenTrial finished(int number, double value, Double x, FloatDistribution d) {
        FrozenTrial.Builder b = FrozenTrial.builder(number).state(TrialState.COMPLETE).values(value);
        if (x != null) {
            b.param("x", x, d);
        }
        return b.build();
    }

    /**
     * The cached value order of the committed history, with later trials (beyond a RUNNING one, so not yet
     * committed) inserted per call: ascending by value, equal values in trial order, and only the trials that drew
     * x from this distribution.
     */
    @Test
    void valueOrderCoversCommittedAndPendingTrials() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, new io.branchwise.space.sampler.RandomSampler(1));
        double[] xs = {0.5, -2.0, 0.5, 3.0, Double.NaN, -2.0, 0.25, 0.5};
        int number = 0;
        for (double x : xs) {
            if (Double.isNaN(x)) {
                study.add(finished(number++, 1.0, null, X));
            } else {
                study.add(finished(number++, x * x, x, X));
            }
        }
        study.add(finished(number++, 0.0, 0.7, OTHER));
        study.add(FrozenTrial.running(number++));
        study.add(finished(number++, 9.0, -2.0, X));
        study.add(finished(number++, 0.1, 4.0, X));

        TrialHistory history = new TrialHistory();
        Domain domain = Domain.of(X);
        Observations obs = history.observe(study, number, false);
        assertThat(obs).isNotSameAs(history.committed());
        double[] column = obs.column("x", domain, history.committed());
        int[] order = new int[obs.size()];
        int count = obs.sortedByValue("x", domain, history.committed(), column, order);

        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < obs.size(); i++) {
            if (!Double.isNaN(column[i])) {
                expected.add(i);
            }
        }
        expected.sort(Comparator.<Integer>comparingDouble(i -> column[i]).thenComparingInt(i -> i));
        assertThat(java.util.Arrays.copyOf(order, count)).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        assertThat(count).isEqualTo(9);
    }

    /** The bad estimator built from that order equals one built from scratch from the bad values in trial order. */
    @Test
    void badEstimatorFromTheOrderMatchesAFreshOne() {
        InMemoryStudy study = new InMemoryStudy(StudyDirection.MINIMIZE, TpeSampler.builder().seed(4).multivariate(false).build());
        study.optimize(t -> {
            double x = t.suggestFloat("x", -5, 5);
            return (x - 1) * (x - 1);
        }, 120);
        TrialHistory history = new TrialHistory();
        Observations obs = history.observe(study, -1, false);
        GoodBadSplit split = GoodBadSplit.of(obs, TpeSampler.defaultGamma(obs.finished()));
        Domain domain = Domain.of(X);
        double[] column = obs.column("x", domain, history.committed());
        KernelSettings kernels = new KernelSettings(1.0, true, false, true);
        UnivariateParzen fast = TpeSampler.badEstimator(obs, history.committed(), split, "x", domain, column,
                TpeSampler::defaultWeights, kernels);
        double[] bad = java.util.Arrays.stream(split.above()).mapToDouble(i -> column[i]).toArray();
        UnivariateParzen fresh = new UnivariateParzen(domain, bad, TpeSampler.defaultWeights(bad.length), kernels);
        for (int i = 0; i <= 100; i++) {
            double x = -5 + 0.1 * i;
            assertThat(fast.logPdf(x)).isCloseTo(fresh.logPdf(x), within(1e-12));
        }
    }
}
