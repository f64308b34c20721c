package io.branchwise.builtin.data.synthetic;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.space.grouping.AdjustedRandIndex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SyntheticDataSourceTest {
    private static final List<List<Double>> P4 = List.of(
            List.of(1.0, 0.8, 0.2, 0.0),
            List.of(0.8, 1.0, 0.3, -0.1),
            List.of(0.2, 0.3, 1.0, 0.5),
            List.of(0.0, -0.1, 0.5, 1.0));

    private final SyntheticDataSource source = new SyntheticDataSource();

    private static Options options(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Options.of("data.options", map);
    }

    private Dataset load(long seed, Object... keyValues) {
        return source.load(new DataRequest(options(keyValues), seed, null));
    }

    private static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    private static double pearson(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void taskVectorCosinesEqualTheCorrelationMatrix() {
        SyntheticModel model = SyntheticDataSource.model(options("correlation", P4), 11);
        double[][] w = model.weights();
        assertThat(w).hasNumberOfRows(4);
        assertThat(w[0]).hasSize(100);
        for (int i = 0; i < 4; i++) {
            assertThat(Math.sqrt(cosineNumerator(w[i], w[i]))).isCloseTo(SyntheticModel.SCALE, within(1e-12));
            for (int j = 0; j < 4; j++) {
                assertThat(cosine(w[i], w[j])).as("cos(w%d, w%d)", i, j).isCloseTo(P4.get(i).get(j), within(1e-9));
            }
        }
    }

    private static double cosineNumerator(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void taskVectorCosinesFollowGroups() {
        SyntheticModel model = SyntheticDataSource.model(options("groups", List.of(List.of(0, 3), List.of(1, 2, 4)),
                "intra", 0.7, "inter", 0.1, "dimensions", 20), 3);
        double[][] w = model.weights();
        int[] group = {0, 1, 1, 0, 1};
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                double expected = i == j ? 1 : group[i] == group[j] ? 0.7 : 0.1;
                assertThat(cosine(w[i], w[j])).isCloseTo(expected, within(1e-9));
            }
        }
    }

    @Test
    void targetsCorrelateWithinPlantedGroupsAndNotAcross() {
        Dataset d = load(2024, "groups", List.of(3, 3), "rows", 20000, "validation_rows", 10, "test_rows", 0);
        List<String> names = List.copyOf(d.targets().keySet());
        int[] planted = SyntheticDataSource.plantedGroups(options("groups", List.of(3, 3)));
        assertThat(planted).containsExactly(0, 0, 0, 1, 1, 1);
        double minWithin = 1;
        double maxAcross = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = i + 1; j < 6; j++) {
                double r = pearson(d.train().target(names.get(i)), d.train().target(names.get(j)));
                if (planted[i] == planted[j]) {
                    minWithin = Math.min(minWithin, r);
                } else {
                    maxAcross = Math.max(maxAcross, Math.abs(r));
                }
            }
        }
        // inter = 0 makes tasks of different groups independent: |r| ~ 1/√20000 ≈ 0.007. intra = 0.9 correlates
        // the linear parts strongly; the sines and noise weaken it but nowhere near the across level.
        assertThat(maxAcross).isLessThan(0.05);
        assertThat(minWithin).isGreaterThan(0.5);
        // grouping tasks by their target correlation recovers the planted partition
        int[] recovered = new int[6];
        Arrays.fill(recovered, -1);
        int next = 0;
        for (int i = 0; i < 6; i++) {
            if (recovered[i] < 0) {
                recovered[i] = next++;
            }
            for (int j = i + 1; j < 6; j++) {
                if (pearson(d.train().target(names.get(i)), d.train().target(names.get(j))) > 0.3) {
                    recovered[j] = recovered[i];
                }
            }
        }
        assertThat(AdjustedRandIndex.of(recovered, planted)).isEqualTo(1.0);
    }

    @Test
    void targetsFollowTheBenchmarkFormula() {
        Options o = options("groups", List.of(2, 1), "rows", 50, "validation_rows", 5, "test_rows", 5,
                "noise_variance", 0.0, "standardize_targets", false, "dimensions", 8);
        SyntheticModel model = SyntheticDataSource.model(o, 5);
        Dataset d = source.load(new DataRequest(o, 5, null));
        double[][] w = model.weights();
        double[] alpha = model.alphas();
        double[] beta = model.betas();
        assertThat(alpha).hasSize(5);
        for (Split s : List.of(d.train(), d.validation(), d.test())) {
            for (int r = 0; r < s.rows(); r++) {
                for (int t = 0; t < 3; t++) {
                    double z = 0;
                    for (int i = 0; i < 8; i++) {
                        z += w[t][i] * s.features()[r * 8 + i];
                    }
                    double y = z;
                    for (int k = 0; k < 5; k++) {
                        y += Math.sin(alpha[k] * z + beta[k]);
                    }
                    assertThat((double) s.target("t" + t)[r]).isCloseTo(y, within(1e-5));
                }
            }
        }
    }

    @Test
    void noiseHasTheRequestedVariance() {
        Options o = options("groups", List.of(1), "rows", 20000, "validation_rows", 5, "test_rows", 0,
                "standardize_targets", false, "noise_variance", 0.04, "dimensions", 10);
        SyntheticModel model = SyntheticDataSource.model(o, 8);
        Dataset d = source.load(new DataRequest(o, 8, null));
        double[] x = new double[10];
        double sum = 0;
        double squares = 0;
        int n = d.train().rows();
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < 10; i++) {
                x[i] = d.train().features()[r * 10 + i];
            }
            double e = d.train().target("t0")[r] - model.signal(0, x);
            sum += e;
            squares += e * e;
        }
        double mean = sum / n;
        // sample variance of 20,000 normal draws has a standard deviation of 0.04·√(2/20000) ≈ 0.0004
        assertThat(squares / n - mean * mean).isCloseTo(0.04, within(0.002));
        assertThat(mean).isCloseTo(0.0, within(0.01));
    }

    @Test
    void featuresAreStandardNormal() {
        Dataset d = load(1, "groups", List.of(2), "rows", 5000, "validation_rows", 5, "test_rows", 5, "dimensions", 4);
        for (int i = 0; i < 4; i++) {
            double sum = 0;
            double squares = 0;
            for (int r = 0; r < 5000; r++) {
                double v = d.train().features()[r * 4 + i];
                sum += v;
                squares += v * v;
            }
            assertThat(sum / 5000).isCloseTo(0, within(0.06));
            assertThat(squares / 5000).isCloseTo(1, within(0.08));
        }
    }

    @Test
    void targetsAreStandardizedWithTrainingStatistics() {
        Dataset d = load(3, "groups", List.of(2, 2), "rows", 3000, "validation_rows", 3000, "test_rows", 10);
        for (String t : d.targets().keySet()) {
            float[] y = d.train().target(t);
            double mean = 0;
            for (float v : y) {
                mean += v;
            }
            mean /= y.length;
            double var = 0;
            for (float v : y) {
                var += (v - mean) * (v - mean);
            }
            assertThat(mean).isCloseTo(0, within(1e-5));
            assertThat(var / y.length).isCloseTo(1, within(1e-4));
            // validation is scaled with the training numbers, so it is near but not exactly standard
            float[] v = d.validation().target(t);
            double vm = 0;
            for (float value : v) {
                vm += value;
            }
            vm /= v.length;
            assertThat(vm).isCloseTo(0, within(0.1)).isNotEqualTo(0.0);
        }
    }

    @Test
    void shapesNamesAndDefaults() {
        Dataset d = load(1, "groups", List.of(3), "rows", 30, "validation_rows", 7, "test_rows", 4,
                "names", List.of("a", "b", "c"));
        assertThat(d.featureNames()).hasSize(100).startsWith("x0", "x1").endsWith("x99");
        assertThat(d.targets().keySet()).containsExactly("a", "b", "c");
        assertThat(d.targets().values()).allSatisfy(c -> assertThat(c.isContinuous()).isTrue());
        assertThat(d.train().rows()).isEqualTo(30);
        assertThat(d.validation().rows()).isEqualTo(7);
        assertThat(d.test().rows()).isEqualTo(4);
        assertThat(load(1, "groups", List.of(2), "rows", 3, "validation_rows", 1, "test_rows", 0).targets().keySet())
                .containsExactly("t0", "t1");
    }

    @Test
    void theSameSeedGivesTheSameArraysAndAnotherSeedOthers() {
        Object[] o = {"groups", List.of(2, 2), "rows", 200, "validation_rows", 50, "test_rows", 50, "dimensions", 10};
        Dataset a = load(77, o);
        Dataset b = load(77, o);
        Dataset c = load(78, o);
        for (Split[] pair : new Split[][]{{a.train(), b.train()}, {a.validation(), b.validation()}, {a.test(), b.test()}}) {
            assertThat(pair[0].features()).containsExactly(pair[1].features());
            for (String t : a.targets().keySet()) {
                assertThat(pair[0].target(t)).containsExactly(pair[1].target(t));
            }
        }
        assertThat(c.train().features()).isNotEqualTo(a.train().features());
        assertThat(c.validation().target("t0")).isNotEqualTo(a.validation().target("t0"));
        assertThat(SyntheticDataSource.model(options(o), 78).weights()[0])
                .isNotEqualTo(SyntheticDataSource.model(options(o), 77).weights()[0]);
    }

    @Test
    void changingOneSplitsSizeLeavesTheOthersAlone() {
        Dataset a = load(5, "groups", List.of(2), "rows", 100, "validation_rows", 20, "test_rows", 20, "standardize_targets", false);
        Dataset b = load(5, "groups", List.of(2), "rows", 100, "validation_rows", 20, "test_rows", 60, "standardize_targets", false);
        assertThat(b.train().features()).containsExactly(a.train().features());
        assertThat(b.validation().target("t1")).containsExactly(a.validation().target("t1"));
    }

    @Test
    void plantedGroupsFromEveryForm() {
        assertThat(SyntheticDataSource.plantedGroups(options("groups", List.of(2, 1, 3))))
                .containsExactly(0, 0, 1, 2, 2, 2);
        assertThat(SyntheticDataSource.plantedGroups(options("groups", List.of(List.of(1, 3), List.of(0, 2)))))
                .containsExactly(0, 1, 0, 1);
        // explicit P: tasks correlated ≥ 0.5 are linked (0–1 at 0.8, 2–3 at 0.5)
        assertThat(SyntheticDataSource.plantedGroups(options("correlation", P4))).containsExactly(0, 0, 1, 1);
    }

    @Test
    void refusesAnAsymmetricMatrix() {
        List<List<Double>> p = List.of(List.of(1.0, 0.5), List.of(0.4, 1.0));
        assertThatThrownBy(() -> load(1, "correlation", p))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("data.options.correlation[1][0]");
                    assertThat(e.problem()).contains("symmetric");
                });
    }

    @Test
    void refusesADiagonalOtherThanOne() {
        List<List<Double>> p = List.of(List.of(1.0, 0.5), List.of(0.5, 0.9));
        assertThatThrownBy(() -> load(1, "correlation", p))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("data.options.correlation[1][1]");
                    assertThat(e.problem()).contains("diagonal must be 1");
                });
    }

    @Test
    void refusesAMatrixThatIsNotPositiveDefinite() {
        // eigenvalues 1.9, 1.9, −0.8: no three vectors have these cosines
        List<List<Double>> p = List.of(List.of(1.0, 0.9, -0.9), List.of(0.9, 1.0, 0.9), List.of(-0.9, 0.9, 1.0));
        assertThatThrownBy(() -> load(1, "correlation", p))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("data.options.correlation");
                    assertThat(e.problem()).contains("not positive definite");
                });
        // perfectly correlated tasks are only semi-definite: refused too
        assertThatThrownBy(() -> load(1, "correlation", List.of(List.of(1.0, 1.0), List.of(1.0, 1.0))))
                .isInstanceOf(SpecException.class).hasMessageContaining("not positive definite");
        // groups whose inter exceeds intra can be indefinite
        assertThatThrownBy(() -> load(1, "groups", List.of(2, 2), "intra", 0.1, "inter", 0.9))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.groups"));
    }

    @Test
    void refusesMalformedMatrices() {
        assertThatThrownBy(() -> load(1, "correlation", List.of(List.of(1.0, 0.2), List.of(0.2))))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.correlation[1]"));
        assertThatThrownBy(() -> load(1, "correlation", List.of(List.of(1.0, 1.5), List.of(1.5, 1.0))))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.correlation[0][1]"));
        assertThatThrownBy(() -> load(1, "correlation", List.of(List.of(1.0, "x"), List.of(0.0, 1.0))))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.correlation[0][1]"));
        assertThatThrownBy(() -> load(1, "tasks", 3, "correlation", P4))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("4×4 matrix for tasks: 3"));
    }

    @Test
    void refusesInconsistentOptions() {
        assertThatThrownBy(() -> load(1, "tasks", 3))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("required"));
        assertThatThrownBy(() -> load(1, "groups", List.of(2), "correlation", P4))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("not both"));
        assertThatThrownBy(() -> load(1, "groups", List.of(2, 2), "tasks", 5))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("hold 4 tasks"));
        assertThatThrownBy(() -> load(1, "groups", List.of(List.of(0, 1), List.of(1, 2))))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("task 1 is in more than one group"));
        assertThatThrownBy(() -> load(1, "groups", List.of(List.of(0, 5))))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("task 5 out of range"));
        assertThatThrownBy(() -> load(1, "groups", List.of(2, List.of(2, 3))))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.groups[1]"));
        assertThatThrownBy(() -> load(1, "correlation", P4, "intra", 0.5))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.intra"));
        assertThatThrownBy(() -> load(1, "groups", List.of(3), "dimensions", 2))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.dimensions"));
        assertThatThrownBy(() -> load(1, "groups", List.of(2), "names", List.of("a")))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.names"));
        assertThatThrownBy(() -> load(1, "groups", List.of(2), "intra", 1.5))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.intra"));
        assertThatThrownBy(() -> load(1, "groups", List.of(2), "noise_variance", -0.1))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.noise_variance"));
        assertThatThrownBy(() -> load(1, "groups", List.of(2), "rows", 1))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.rows"));
        assertThatThrownBy(() -> load(1, "groups", List.of(2), "task", 2))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.task"));
    }

    @Test
    void everyDataSourceIsFoundByServiceLoader() {
        List<String> names = new ArrayList<>();
        java.util.ServiceLoader.load(io.branchwise.plugin.data.DataSource.class).forEach(s -> names.add(s.name()));
        assertThat(names).containsExactlyInAnyOrder("csv", "idx", "synthetic");
    }
}
