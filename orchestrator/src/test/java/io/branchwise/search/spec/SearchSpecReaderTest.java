package io.branchwise.search.spec;

import io.branchwise.plugin.SpecException;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.layout.Block;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SearchSpecReaderTest {
    /** A valid spec, one top-level section per entry, so a case can replace or add exactly one section. */
    private static Map<String, String> sections() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("name", "six-tasks");
        s.put("seed", "7");
        s.put("data", "{source: fixture, options: {rows: 16, targets: [a, b, c]}}");
        s.put("tasks", "[{name: a, type: fixture-regression, target: a}, {name: b, type: fixture-regression, target: b},"
                + " {name: c, type: fixture-regression, target: c, weight: 2}]");
        s.put("space", "{trunk_depth: [1, 2], branch_depth: 1, widths: [16, 8], max_branches: 2}");
        s.put("weighting", "{methods: [ew, dwa, nash-mtl]}");
        s.put("training", "{epochs: 3, batch_size: 8, learning_rate: [0.0001, 0.01]}");
        s.put("search", "{trials: 12, parallel: 3, sampler: random, pruner: {type: negative-transfer, patience: 2},"
                + " affinity_every: 4}");
        return s;
    }

    private static SearchSpec read(Map<String, String> sections) {
        StringBuilder yaml = new StringBuilder();
        sections.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        return SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml.toString(), "spec.yaml"), Path.of("/data"), null);
    }

    private static InvalidSpecException problems(String section, String value) {
        Map<String, String> s = sections();
        if (value == null) {
            s.remove(section);
        } else {
            s.put(section, value);
        }
        return catchThrowableOfType(InvalidSpecException.class, () -> read(s));
    }

    @Test
    void readsEveryPartOfAGoodSpec() {
        SearchSpec spec = read(sections());
        assertThat(spec.name()).isEqualTo("six-tasks");
        assertThat(spec.trainer()).isEqualTo("dl4j");
        assertThat(spec.data().source()).isEqualTo("fixture");
        assertThat(spec.data().options().path("rows")).isEqualTo("data.options.rows");
        assertThat(spec.taskNames()).containsExactly("a", "b", "c");
        assertThat(spec.tasks().get(2).weight()).isEqualTo(2.0);
        SpaceSpec space = spec.space();
        assertThat(List.of(space.minTrunkDepth(), space.maxTrunkDepth(), space.minBranchDepth(), space.maxBranchDepth()))
                .containsExactly(1, 2, 1, 1);
        assertThat(space.widths()).containsExactly(16, 8);
        assertThat(space.maxBranches()).isEqualTo(2);
        assertThat(space.groupings()).isInstanceOf(GroupingChoice.Auto.class);
        assertThat(spec.weightingMethods()).containsExactly(WeightingMethod.EW, WeightingMethod.DWA, WeightingMethod.NASH_MTL);
        assertThat(spec.learningRate().isSearched()).isTrue();
        assertThat(spec.learningRate().baseline()).as("the geometric middle of the range").isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(spec.training().learningRate()).isEqualTo(spec.learningRate().baseline());
        assertThat(spec.training().epochs()).isEqualTo(3);
        assertThat(spec.training().seed()).as("the spec's seed reaches training").isEqualTo(7L);
        SearchSettings search = spec.search();
        assertThat(search.trials()).isEqualTo(12);
        assertThat(search.parallel()).isEqualTo(3);
        assertThat(search.sampler().kind()).isEqualTo(SamplerChoice.Kind.RANDOM);
        assertThat(search.pruner().kind()).isEqualTo(PrunerChoice.Kind.NEGATIVE_TRANSFER);
        assertThat(search.pruner().patience()).isEqualTo(2);
        assertThat(search.pruner().warmupEpochs()).as("negative transfer: half the epochs by default").isEqualTo(1);
        assertThat(search.pruner().startupTrials()).isEqualTo(3);
        assertThat(search.affinityEvery()).isEqualTo(4);
        assertThat(search.affinityEpochs()).as("the training budget's epochs by default").isEqualTo(3);
        assertThat(search.baseline()).as("default baseline: two layers of the widest width").isEqualTo(new Block(2, 16));
        assertThat(search.trialTimeLimit()).isEqualTo(Duration.ofHours(1));
        assertThat(search.maxTaskDrop()).isEqualTo(1.0);
    }

    @Test
    void defaultsFillAMinimalSpec(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my-study.yaml");
        Files.writeString(file, """
                data: {source: fixture}
                tasks: [{name: a, type: fixture-regression, target: a}, {name: b, type: fixture-regression, target: b}]
                """);
        SearchSpec spec = SearchSpecReader.read(file);
        assertThat(spec.name()).as("the file name without extension").isEqualTo("my-study");
        assertThat(spec.baseDirectory()).isEqualTo(dir.toAbsolutePath());
        assertThat(spec.space().widths()).containsExactly(32, 64, 128, 256);
        assertThat(spec.space().maxBranches()).isEqualTo(2);
        assertThat(spec.weightingMethods()).containsExactly(WeightingMethod.EW);
        assertThat(spec.learningRate().isSearched()).isFalse();
        assertThat(spec.search().sampler().kind()).isEqualTo(SamplerChoice.Kind.TPE);
        assertThat(spec.search().pruner().kind()).isEqualTo(PrunerChoice.Kind.NONE);
        assertThat(spec.search().parallel()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(spec.search().objective()).isEqualTo("delta_m");
    }

    @Test
    void explicitGroupingsAreKeptInOrder() {
        SearchSpec spec = read(with("space", "{groupings: [[[a, b], [c]], [[a], [b, c]]], max_branches: 2}"));
        assertThat(((GroupingChoice.Listed) spec.space().groupings()).groupings())
                .containsExactly(List.of(List.of("a", "b"), List.of("c")), List.of(List.of("a"), List.of("b", "c")));
        assertThat(read(with("space", "{groupings: all}")).space().groupings()).isInstanceOf(GroupingChoice.All.class);
    }

    private static Map<String, String> with(String section, String value) {
        Map<String, String> s = sections();
        s.put(section, value);
        return s;
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "layout    | '\"1x8[a,b,c]\"'                                      | layout",
            "name      | 'a b'                                                 | name",
            "seed      | 'soon'                                                | seed",
            "trainer   | '[dl4j]'                                              | trainer",
            "data      | '{options: {rows: 3}}'                                | data.source",
            "data      | '{source: fixture, format: csv}'                      | data.format",
            "tasks     | '[{name: a, type: fixture-regression, target: a}]'    | tasks",
            "tasks     | '[{name: a, type: r, target: a}, {name: a, type: r, target: b}]' | tasks[1].name",
            "tasks     | '[{name: a, type: r, target: a}, {name: b, type: r}]' | tasks[1].target",
            "space     | '{trunk_depth: [3, 1]}'                               | space.trunk_depth",
            "space     | '{trunk_depth: [0, deep]}'                            | space.trunk_depth[1]",
            "space     | '{branch_depth: [0, 1, 2]}'                           | space.branch_depth",
            "space     | '{widths: [8, 0]}'                                    | space.widths[1]",
            "space     | '{max_branches: 4}'                                   | space.max_branches",
            "space     | '{groupings: some}'                                   | space.groupings",
            "space     | '{groupings: [[[a, b], [z]]]}'                        | space.groupings[0][1][0]",
            "space     | '{groupings: [[[a, b], [a, c]]]}'                     | space.groupings[0][1][0]",
            "space     | '{groupings: [[[a], [b, c]], [[a, b]]]}'              | space.groupings[1]",
            "space     | '{groupings: [[[a], [b], [c]]], max_branches: 2}'     | space.groupings[0]",
            "space     | '{groupings: [[a, b, c]]}'                            | space.groupings[0][0]",
            "space     | '{depth: 2}'                                          | space.depth",
            "weighting | '{methods: [ew, magic]}'                               | weighting.methods[1]",
            "weighting | '{methods: [ew, dwa, ew]}'                            | weighting.methods[2]",
            "weighting | '{method: ew}'                                        | weighting.method",
            "training  | '{learning_rate: [0.1, 0.01]}'                        | training.learning_rate",
            "training  | '{learning_rate: [-1, 0.01]}'                         | training.learning_rate[0]",
            "training  | '{learning_rate: fast}'                               | training.learning_rate",
            "training  | '{epochs: 0}'                                         | training.epochs",
            "training  | '{affinity_every: 5}'                                 | training.affinity_every",
            "training  | '{optimizer: lbfgs}'                                  | training.optimizer",
            "search    | '{trials: 0}'                                         | search.trials",
            "search    | '{parallel: 0}'                                       | search.parallel",
            "search    | '{sampler: cmaes}'                                    | search.sampler.type",
            "search    | '{sampler: {type: tpe, startup: 3}}'                  | search.sampler.startup",
            "search    | '{pruner: successive-halving}'                        | search.pruner.type",
            "search    | '{sampler: grid}'                                     | search.sampler.type",
            "search    | '{pruner: {type: asha, epsilon: 0.1}}'                | search.pruner.epsilon",
            "search    | '{pruner: {type: threshold}}'                         | search.pruner.lower",
            "search    | '{pruner: {type: hyperband, min_epochs: 3}}'          | search.pruner.min_epochs",
            "search    | '{pruner: {type: none, audit: true}}'                 | search.pruner.audit",
            "search    | '{objective: per_task, pruner: asha}'                 | search.pruner",
            "search    | '{pruner: {type: negative-transfer, patience: 0}}'    | search.pruner.patience",
            "search    | '{objective: pareto}'                                 | search.objective",
            "search    | '{affinity_every: 0}'                                 | search.affinity_every",
            "search    | '{affinity_epochs: 4}'                                | search.affinity_epochs",
            "search    | '{affinity_epochs: 0}'                                | search.affinity_epochs",
            "search    | '{baseline: {depth: 0}}'                              | search.baseline.depth",
            "search    | '{max_task_drop: 101}'                                | search.max_task_drop",
            "search    | '{budget: 3}'                                         | search.budget",
            "search    | '{objective: [a, b]}'                                 | search.objective",
            "search    | '{objective: per_task, pruner: median}'               | search.pruner",
            "search    | '{max_parameters: 0}'                                 | search.max_parameters",
            "search    | '{seeds: 0}'                                          | search.seeds",
            "search    | '{seeds: 21}'                                         | search.seeds",
            "search    | '{finalists: 0}'                                      | search.finalists",
            "search    | '{max_parameters: lots}'                              | search.max_parameters",
            "search    | '{sampler: {type: random, startup_trials: 3}}'        | search.sampler.startup_trials",
            "search    | '{sampler: {type: tpe, population_size: 8}}'          | search.sampler.population_size",
            "search    | '{sampler: {type: nsga2, population_size: 1}}'        | search.sampler.population_size",
            "search    | '{sampler: {type: tpe, crossover: sbx}}'              | search.sampler.crossover",
            "search    | '{sampler: {type: nsga2, crossover: pmx}}'            | search.sampler.crossover",
            "search    | '{sampler: {type: nsga3, crossover: undx, population_size: 2}}' | search.sampler.population_size",
            "space     | '{activation: [relu, swish]}'                         | space.activation[1]",
            "space     | '{activation: [relu, relu]}'                          | space.activation[1]",
            "space     | '{activation: []}'                                    | space.activation",
            "space     | '{activation: 3}'                                     | space.activation",
            "space     | '{dropout: [0.5, 0.1]}'                               | space.dropout",
            "space     | '{dropout: [0, 1.5]}'                                 | space.dropout[1]",
            "space     | '{dropout: -0.1}'                                     | space.dropout",
            "space     | '{dropout: [0.1, 0.2, 0.3]}'                          | space.dropout",
            "weighting | '{methods: [dwa], dwa: {temperature: [5, 1]}}'        | weighting.dwa.temperature",
            "weighting | '{methods: [dwa], dwa: {temperature: [0, 1]}}'        | weighting.dwa.temperature",
            "weighting | '{methods: [dwa], dwa: {temperature: [1, hot]}}'      | weighting.dwa.temperature[1]",
            "weighting | '{methods: [dwa], dwa: {alpha: [0, 1]}}'              | weighting.dwa.alpha",
            "weighting | '{methods: [dwa], dwa: [1, 2]}'                       | weighting.dwa",
            "weighting | '{methods: [ew], gradnorm: {alpha: [0, 1]}}'          | weighting.gradnorm",
            "weighting | '{methods: [pcgrad], pcgrad: {c: 1}}'                 | weighting.pcgrad",
            "weighting | '{methods: [cagrad], cagrad: {c: [0.2, 1.5]}}'        | weighting.cagrad.c",
            "weighting | '{methods: [nash-mtl], nash_mtl: {update_every: [1.5, 3]}}' | weighting.nash_mtl.update_every",
    })
    void everyProblemNamesItsField(String section, String value, String path) {
        InvalidSpecException e = problems(section.strip(), value.strip());
        assertThat(e).as("a problem is reported").isNotNull();
        assertThat(e.problems()).extracting(SpecException::path).containsExactly(path.strip());
        assertThat(e.getMessage()).startsWith(path.strip() + ": ");
    }

    @Test
    void independentProblemsAreReportedTogether() {
        Map<String, String> s = sections();
        s.put("tasks", "[{name: a, type: r, target: a}]");
        s.put("search", "{trials: -1, sampler: grid}");
        s.put("weighting", "{methods: []}");
        s.put("colour", "blue");
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> read(s));
        assertThat(e.problems()).extracting(SpecException::path)
                .containsExactlyInAnyOrder("colour", "tasks", "search.trials", "weighting.methods");
        assertThat(e.getMessage().lines()).hasSize(4);
    }

    @Test
    void aMissingNameWithoutAFileIsRequired() {
        Map<String, String> s = sections();
        s.remove("name");
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> read(s));
        assertThat(e.problems()).extracting(SpecException::path).containsExactly("name");
    }

    @Test
    void affinityEveryMayBeZeroWhenGroupingsDoNotComeFromAffinity() {
        Map<String, String> s = sections();
        s.put("space", "{groupings: all}");
        s.put("search", "{affinity_every: 0}");
        assertThat(read(s).search().affinityEvery()).isZero();
    }

    @Test
    void readsObjectivesBudgetSamplersAndTheSearchedTrainingOptions() {
        Map<String, String> s = sections();
        s.put("space", "{max_branches: 2, activation: [tanh, relu], dropout: [0.1, 0.3]}");
        s.put("weighting", "{methods: [ew, dwa, gradnorm, nash-mtl], dwa: {temperature: [1, 4]}, gradnorm: {alpha: 0.5},"
                + " nash-mtl: {update_every: [2, 8]}}");
        s.put("search", "{objective: per_task, max_parameters: 50000, sampler: {type: nsga2, population_size: 6},"
                + " pruner: negative-transfer}");
        SearchSpec spec = read(s);
        assertThat(spec.search().perTaskObjectives()).isTrue();
        assertThat(spec.search().objective()).isEqualTo("per_task");
        assertThat(spec.search().maxParameters()).hasValue(50000);
        assertThat(spec.search().sampler().kind()).isEqualTo(SamplerChoice.Kind.NSGA2);
        assertThat(spec.search().sampler().populationSize()).isEqualTo(6);
        assertThat(spec.search().sampler().seed()).as("by default the spec's seed").isEqualTo(spec.seed());
        assertThat(spec.space().activations().names()).containsExactly("tanh", "relu");
        assertThat(spec.space().activations().isSearched()).isTrue();
        assertThat(spec.space().dropout()).isEqualTo(new Dropout(0.1, 0.3));
        assertThat(spec.training().activation()).as("the baselines' activation: the first listed").isEqualTo("tanh");
        assertThat(spec.training().dropout()).as("the baselines' dropout: the middle").isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(spec.weightingRanges()).containsExactly(new WeightingRange(WeightingMethod.DWA, "temperature", 1, 4),
                new WeightingRange(WeightingMethod.GRADNORM, "alpha", 0.5, 0.5),
                new WeightingRange(WeightingMethod.NASH_MTL, "update_every", 2, 8));
        var weighting = spec.weightingSpace().distributions();
        assertThat(weighting.get("weighting.dwa.temperature")).isEqualTo(new FloatDistribution(1, 4, true, null));
        assertThat(weighting.get("weighting.nash_mtl.update_every")).isEqualTo(new IntDistribution(2, 8, false, 1));

        s.put("space", "{activation: elu, dropout: 0.25}");
        s.put("search", "{sampler: {type: qmc, seed: 42}, objective: delta_m}");
        SearchSpec fixed = read(s);
        assertThat(fixed.space().activations().isSearched()).isFalse();
        assertThat(fixed.space().dropout().isSearched()).isFalse();
        assertThat(fixed.training().activation()).isEqualTo("elu");
        assertThat(fixed.training().dropout()).isEqualTo(0.25);
        assertThat(fixed.search().sampler().kind()).isEqualTo(SamplerChoice.Kind.QMC);
        assertThat(fixed.search().sampler().seed()).as("a seed of its own, the data's unchanged").isEqualTo(42L);
        assertThat(fixed.seed()).isEqualTo(spec.seed());
        assertThat(fixed.search().perTaskObjectives()).isFalse();
    }

    @Test
    void theNewFieldsDefaultToWhatASearchDidBefore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plain.yaml");
        Files.writeString(file, """
                data: {source: fixture}
                tasks: [{name: a, type: fixture-regression, target: a}, {name: b, type: fixture-regression, target: b}]
                training: {activation: tanh, dropout: 0.1}
                """);
        SearchSpec spec = SearchSpecReader.read(file);
        assertThat(spec.space().activations()).as("left to training").isNull();
        assertThat(spec.space().dropout()).isNull();
        assertThat(spec.training().activation()).isEqualTo("tanh");
        assertThat(spec.training().dropout()).isEqualTo(0.1);
        assertThat(spec.weightingRanges()).isEmpty();
        assertThat(spec.search().maxParameters()).isEmpty();
        assertThat(spec.search().sampler().populationSize()).isEqualTo(10);
    }

    @Test
    void aTrainingOptionTheSpaceSearchesMayNotBeFixedInTrainingToo() {
        Map<String, String> s = sections();
        s.put("space", "{activation: [relu, tanh], dropout: [0, 0.2]}");
        s.put("training", "{epochs: 3, activation: relu, dropout: 0.1}");
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> read(s));
        assertThat(e.problems()).extracting(SpecException::path).containsExactly("training.activation");
        assertThat(e.getMessage()).contains("space.activation sets it for the search");
    }

    @Test
    void refusalsSayWhyAndWhatToDoInstead() {
        assertThat(problems("search", "{sampler: cmaes}").getMessage())
                .contains("search.sampler.type: cmaes adapts only numeric parameters").contains("space.widths (2 choices)")
                .contains("use tpe");
        assertThat(problems("search", "{objective: per_task, pruner: {type: median}}").getMessage())
                .contains("use negative-transfer or pareto-asha (they read every task's curve) or none");
        assertThat(problems("weighting", "{methods: [ew, uw], gradnorm: {alpha: [0, 1]}}").getMessage())
                .isEqualTo("weighting.gradnorm: gradnorm is not among weighting.methods [ew, uw]; add it there, or remove its range");
        assertThat(problems("weighting", "{methods: [dwa], dwa: {temperature: [0.001, 1]}}").getMessage())
                .isEqualTo("weighting.dwa.temperature: DWA temperature must stay within [0.01, 100.0], got [0.001, 1.0]");
        assertThat(problems("space", "{activation: [relu, swish]}").getMessage())
                .startsWith("space.activation[1]: must be one of [elu, gelu, identity, leakyrelu, relu, sigmoid, tanh]");
    }

    @Test
    void everyExampleSearchSpecIsValid() throws Exception {
        try (var files = Files.list(Path.of("..", "examples"))) {
            List<Path> specs = files.filter(f -> f.getFileName().toString().startsWith("search-")).sorted().toList();
            assertThat(specs).isNotEmpty();
            for (Path f : specs) {
                assertThat(SearchSpecReader.read(f).name()).as(f.toString()).isNotBlank();
            }
        }
    }

    @Test
    void aVerdictOnRepeatsIsTheDefault() {
        SearchSpec spec = SearchSpecReader.fromMap(TrialSpecReader.parseYaml("""
                name: d
                data: {source: synthetic, options: {tasks: 2}}
                tasks:
                  - {name: a, type: regression, target: t0}
                  - {name: b, type: regression, target: t1}
                space: {groupings: all}
                """, "spec.yaml"), java.nio.file.Path.of("."), null);
        assertThat(spec.search().seeds()).isEqualTo(3);
        assertThat(spec.search().finalists()).isEqualTo(3);
    }
}
