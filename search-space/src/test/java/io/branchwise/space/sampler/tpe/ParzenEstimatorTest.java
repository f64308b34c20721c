package io.branchwise.space.sampler.tpe;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ParzenEstimatorTest {
    private static final KernelSettings DEFAULTS = new KernelSettings(1.0, true, false, false);

    /**
     * One observation at 2 on [0, 10] plus the prior at 5: both bandwidths start as the gap (3); the magic clip
     * raises the observation's to 10/3, the prior's is the width. Expected from Python's math.erf on that formula.
     */
    @Test
    void logDensityMatchesAHandComputedMixture() {
        Domain domain = Domain.of(new FloatDistribution(0, 10, false, null));
        UnivariateParzen parzen = new UnivariateParzen(domain, new double[] {2.0}, new double[] {1.0}, DEFAULTS);
        assertThat(parzen.logPdf(4.0)).isCloseTo(-2.107918954166865, within(1e-9));
    }

    /**
     * The same mixture with bandwidth-weighted kernels (the sampler's default, Optuna 3.1's log-pdf): each kernel
     * is φ(z)/Z without 1/σ. Expected from Python's math.erf on that formula.
     */
    @Test
    void bandwidthWeightedKernelsDropTheirScaleFactor() {
        Domain domain = Domain.of(new FloatDistribution(0, 10, false, null));
        KernelSettings weighted = new KernelSettings(1.0, true, false, true);
        UnivariateParzen parzen = new UnivariateParzen(domain, new double[] {2.0}, new double[] {1.0}, weighted);
        assertThat(parzen.logPdf(4.0)).isCloseTo(-0.2869986870982203, within(1e-9));
        JointParzen joint = new JointParzen(new Domain[] {domain}, new double[][] {{2.0}}, new double[] {1.0}, weighted);
        // The joint rule gives the observation 0.2·width (clipped up to width/3); the prior keeps the width.
        UnivariateParzen same = new UnivariateParzen(domain, new double[] {2.0}, new double[] {1.0}, weighted);
        assertThat(joint.logPdf(new double[] {4.0})).isCloseTo(same.logPdf(4.0), within(1e-9));
    }

    @Test
    void continuousDensityIntegratesToOne() {
        Domain domain = Domain.of(new FloatDistribution(-3, 7, false, null));
        double[] obs = {-2.9, 0.1, 0.15, 0.2, 3.3, 6.99, 5.0, 5.0};
        UnivariateParzen parzen = new UnivariateParzen(domain, obs, TpeSampler.defaultWeights(obs.length), DEFAULTS);
        assertThat(integrate(parzen, domain.low, domain.high)).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void logScaleDensityIntegratesToOneInLogSpace() {
        Domain domain = Domain.of(new FloatDistribution(1e-4, 1.0, true, null));
        double[] obs = {Math.log(1e-3), Math.log(0.02), Math.log(0.5)};
        UnivariateParzen parzen = new UnivariateParzen(domain, obs, new double[] {1, 1, 1}, DEFAULTS);
        assertThat(integrate(parzen, domain.low, domain.high)).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void steppedMassesSumToOneOverTheGrid() {
        IntDistribution ints = new IntDistribution(0, 20, false, 2);
        Domain domain = Domain.of(ints);
        double[] obs = {0, 2, 2, 2, 10, 20};
        UnivariateParzen parzen = new UnivariateParzen(domain, obs, new double[] {1, 1, 1, 1, 1, 1}, DEFAULTS);
        double total = 0;
        for (int v = 0; v <= 20; v += 2) {
            total += Math.exp(parzen.logPdf(v));
        }
        assertThat(total).isCloseTo(1.0, within(1e-9));
        assertThat(parzen.logPdf(2)).isGreaterThan(parzen.logPdf(16));
    }

    @Test
    void categoricalProbabilitiesSumToOneAndFavourObservedChoices() {
        CategoricalParzen parzen = new CategoricalParzen(4, new double[] {1, 1, 3}, new double[] {1, 1, 1}, DEFAULTS);
        double total = 0;
        for (int c = 0; c < 4; c++) {
            total += Math.exp(parzen.logPdf(c));
        }
        assertThat(total).isCloseTo(1.0, within(1e-12));
        assertThat(parzen.logPdf(1)).isGreaterThan(parzen.logPdf(3)).isGreaterThan(parzen.logPdf(0));
    }

    @Test
    void jointDensityOverAFloatAndACategoricalIntegratesToOne() {
        Domain x = Domain.of(new FloatDistribution(0, 1, false, null));
        Domain c = Domain.of(new CategoricalDistribution(List.of(new JsonValue.JsonString("a"), new JsonValue.JsonString("b"))));
        double[][] obs = {{0.1, 0.5, 0.52, 0.9}, {0, 1, 1, 0}};
        JointParzen parzen = new JointParzen(new Domain[] {x, c}, obs, new double[] {1, 1, 1, 1}, DEFAULTS);
        double total = 0;
        int steps = 4000;
        for (int choice = 0; choice < 2; choice++) {
            for (int i = 0; i < steps; i++) {
                double v = (i + 0.5) / steps;
                total += Math.exp(parzen.logPdf(new double[] {v, choice})) / steps;
            }
        }
        assertThat(total).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void jointMassOverTwoSteppedRangesSumsToOne() {
        Domain a = Domain.of(new IntDistribution(1, 5, false, 1));
        Domain b = Domain.of(new FloatDistribution(0, 1, false, 0.25));
        double[][] obs = {{1, 3, 3}, {0.25, 0.5, 1.0}};
        JointParzen parzen = new JointParzen(new Domain[] {a, b}, obs, new double[] {1, 1, 1}, DEFAULTS);
        double total = 0;
        for (int i = 1; i <= 5; i++) {
            for (double v = 0; v <= 1.0; v += 0.25) {
                total += Math.exp(parzen.logPdf(new double[] {i, v}));
            }
        }
        assertThat(total).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void drawsRespectBoundsStepsAndLogScales() {
        Random random = new Random(11);
        List<io.branchwise.space.distribution.Distribution> distributions = List.of(
                new FloatDistribution(0.5, 2.0, false, 0.25),
                new FloatDistribution(1e-5, 1e-1, true, null),
                new IntDistribution(1, 1000, true, 1),
                new IntDistribution(-7, 13, false, 4),
                new FloatDistribution(-1, 1, false, null));
        for (io.branchwise.space.distribution.Distribution d : distributions) {
            Domain domain = Domain.of(d);
            double[] obs = {domain.snap(domain.low), domain.snap(domain.high), domain.snap(0.5 * (domain.low + domain.high))};
            UnivariateParzen parzen = new UnivariateParzen(domain, obs, new double[] {1, 1, 1}, DEFAULTS);
            JointParzen joint = new JointParzen(new Domain[] {domain}, new double[][] {obs}, new double[] {1, 1, 1}, DEFAULTS);
            for (int i = 0; i < 500; i++) {
                assertThat(d.contains(domain.toInternal(parzen.sample(random)))).as("%s", d).isTrue();
                assertThat(d.contains(domain.toInternal(joint.sample(random)[0]))).as("%s", d).isTrue();
            }
        }
    }

    /** 40 spread-out values on [−5, 5] (more than 25, so the age ramp applies) and 30 on the integers −10..10. */
    private static double[] spreadFloats(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((i * 7919) % 1000) / 100.0 - 5.0;
        }
        return out;
    }

    private static double[] spreadInts(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (i * 37) % 21 - 10;
        }
        return out;
    }

    /**
     * Optuna 3.1's own {@code _ParzenEstimator(...).log_pdf} on the same observations (script in the commit that
     * added this test): univariate float and int estimators and the joint one under its {@code multivariate=True}
     * rule, all with Optuna's defaults (bandwidth-weighted kernels).
     */
    @Test
    void matchesOptuna31OnFixedHistories() {
        KernelSettings optuna = new KernelSettings(1.0, true, false, true, JointBandwidth.OPTUNA);
        Domain x = Domain.of(new FloatDistribution(-5, 5, false, null));
        Domain n = Domain.of(new IntDistribution(-10, 10, false, 1));
        double[] floats = spreadFloats(40);
        UnivariateParzen floatParzen = new UnivariateParzen(x, floats, TpeSampler.defaultWeights(40), optuna);
        double[] at = {-4.9, -1.234, 0.0, 2.5, 4.99};
        double[] expected = {-2.7784540470075427, -2.8628860593150662, -2.8862000786947926, -2.958788680215848,
                -3.230820315630761};
        for (int i = 0; i < at.length; i++) {
            assertThat(floatParzen.logPdf(at[i])).isCloseTo(expected[i], within(1e-12));
        }
        double[] ints = spreadInts(30);
        UnivariateParzen intParzen = new UnivariateParzen(n, ints, TpeSampler.defaultWeights(30), optuna);
        double[] intAt = {-10, -3, 0, 7};
        double[] intExpected = {-3.115321188990165, -2.8732008779805813, -3.136705960160085, -2.9441688706208997};
        for (int i = 0; i < intAt.length; i++) {
            assertThat(intParzen.logPdf(intAt[i])).isCloseTo(intExpected[i], within(1e-12));
        }
        JointParzen joint = new JointParzen(new Domain[] {x, n},
                new double[][] {java.util.Arrays.copyOf(floats, 30), ints}, TpeSampler.defaultWeights(30), optuna);
        double[][] points = {{-4.9, -10}, {0.0, 0}, {2.5, 7}};
        double[] jointExpected = {-5.54487846200941, -4.913829519700154, -4.9195715596413185};
        for (int i = 0; i < points.length; i++) {
            assertThat(joint.logPdf(points[i])).isCloseTo(jointExpected[i], within(1e-12));
        }
    }

    /**
     * Scott's rule: one bandwidth 1.06 · sd · n^(−1/(d+4)) for all observation kernels (population sd), the prior
     * keeping the width, every kernel a normalised Gaussian truncated to the range. Written out here in full.
     */
    @Test
    void scottBandwidthFollowsTheObservationsSpread() {
        Domain x = Domain.of(new FloatDistribution(0, 10, false, null));
        int n = 30;
        double[] obs = new double[n];
        for (int i = 0; i < n; i++) {
            obs[i] = 2 + 6.0 * i / (n - 1);
        }
        double mean = 5.0;
        double squares = 0;
        for (double v : obs) {
            squares += (v - mean) * (v - mean);
        }
        double sigma = 1.06 * Math.sqrt(squares / n) * Math.pow(n, -1.0 / 5);
        assertThat(sigma).isGreaterThan(10.0 / 32); // above the magic clip, so the rule is what decides
        KernelSettings scott = new KernelSettings(1.0, true, false, true, JointBandwidth.SCOTT);
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        JointParzen parzen = new JointParzen(new Domain[] {x}, new double[][] {obs}, ones, scott);
        for (double at : new double[] {0.3, 4.2, 5.0, 9.9}) {
            double density = truncatedNormal(at, 5.0, 10.0) / (n + 1);
            for (double mu : obs) {
                density += truncatedNormal(at, mu, sigma) / (n + 1);
            }
            assertThat(parzen.logPdf(new double[] {at})).isCloseTo(Math.log(density), within(1e-12));
        }
    }

    private static double truncatedNormal(double x, double mu, double sigma) {
        double z = (x - mu) / sigma;
        return Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI)) / Normal.mass(-mu / sigma, (10 - mu) / sigma);
    }

    @Test
    void scottJointDensityOverTwoFloatsIntegratesToOne() {
        Domain a = Domain.of(new FloatDistribution(-1, 1, false, null));
        Domain b = Domain.of(new FloatDistribution(0, 4, false, null));
        double[][] obs = {{-0.9, -0.2, 0.1, 0.15, 0.6}, {0.2, 1.0, 1.1, 3.9, 2.0}};
        KernelSettings scott = new KernelSettings(1.0, true, false, true, JointBandwidth.SCOTT);
        JointParzen parzen = new JointParzen(new Domain[] {a, b}, obs, new double[] {1, 2, 1, 1, 0.5}, scott);
        int steps = 400;
        double total = 0;
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < steps; j++) {
                double u = -1 + 2.0 * (i + 0.5) / steps;
                double v = 4.0 * (j + 0.5) / steps;
                total += Math.exp(parzen.logPdf(new double[] {u, v})) * (2.0 / steps) * (4.0 / steps);
            }
        }
        assertThat(total).isCloseTo(1.0, within(2e-3));
    }

    @Test
    void argsortOrdersValuesWithTiesByIndex() {
        double[] values = {3.0, -1.0, 3.0, 2.5, -1.0, 10.0};
        int[] order = UnivariateParzen.argsort(values, -1.0, 10.0);
        assertThat(order).containsExactly(1, 4, 3, 0, 2, 5);
    }

    private static double integrate(UnivariateParzen parzen, double low, double high) {
        int steps = 20000;
        double h = (high - low) / steps;
        double total = 0;
        for (int i = 0; i < steps; i++) {
            total += Math.exp(parzen.logPdf(low + (i + 0.5) * h)) * h;
        }
        return total;
    }
}
