package io.branchwise.search;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.h2.H2Storage;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The per-epoch task vectors driving the pruners, with the deterministic in-process {@link PlantedModelLauncher}. */
@Timeout(120)
class TrialPruningTest {
    @TempDir
    Path dir;

    private static SearchSpec spec(String pruner, String sampler, int trials) {
        String yaml = PlantedModelLauncher.fourTasks("pruning", 11) + """
                space: {trunk_depth: [0, 1], branch_depth: [0, 1], widths: [4], max_branches: 2, groupings: all}
                training: {epochs: 5, learning_rate: [0.001, 0.01]}
                search: {trials: TRIALS, parallel: 2, sampler: SAMPLER, pruner: PRUNER}
                """.replace("PRUNER", pruner).replace("SAMPLER", sampler).replace("TRIALS", Integer.toString(trials));
        return SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
    }

    /**
     * The planted model of {@link PlantedModelLauncher#fourTasks}: {a, b} and {c, d} help each other. Its curves level
     * off after epoch 2, so the negative-transfer pruner judges epochs 3 on (before, the single-task curve still falls
     * 20% an epoch: a race).
     */
    private static PlantedModelLauncher planted(boolean waitOnNegativeTransfer) {
        return new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), waitOnNegativeTransfer).settledAt(2);
    }

    private static PlantedModelLauncher planted() {
        return planted(false);
    }

    private SearchResult run(SearchSpec spec, PlantedModelLauncher launcher, H2Storage storage) throws Exception {
        return new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage, launcher,
                dir.resolve("work"), false, SearchListener.NONE).run();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{type: threshold, lower: 0, startup_trials: 0}  | its Δm at epoch 1 is below 0.0%",
            "{type: patient, patience: 1, startup_trials: 0} | its Δm has not improved by 0.0 points for 1 epochs"})
    void thresholdAndPatientPruneTheTrialsThatCannotImprove(String pruner, String reason) throws Exception {
        // Trials with negative transfer run until stopped: a pruner that missed one would hang the search.
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), true);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(spec(pruner, "random", 8), launcher, storage);
            List<TrialRecord> pruned = storage.trials(result.studyId(), -1, List.of()).stream()
                    .filter(t -> t.state() == TrialState.PRUNED).toList();
            assertThat(pruned).isNotEmpty().allSatisfy(t -> assertThat((String) Recommender.attr(t,
                    TrialAttributes.PRUNED_BECAUSE)).startsWith(reason.substring(0, reason.indexOf(" at ") > 0
                    ? reason.indexOf(" at ") : reason.length())));
            assertThat(launcher.stopped).hasSize(pruned.size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "asha                                                   | SuccessiveHalvingPruner",
            "{type: hyperband, min_epochs: 2, reduction_factor: 2}  | HyperbandPruner",
            "pareto-asha                                            | ParetoAshaPruner",
            "{type: median, warmup_epochs: 1}                       | MedianPruner",
            "{type: patient, patience: 2}                           | PatientPruner",
            "{type: threshold, lower: -5}                           | ThresholdPruner"})
    void everyPrunerRunsASearchAsTheOneItsSpecNames(String pruner, String type) throws Exception {
        SearchSpec spec = spec(pruner, "random", 6);
        assertThat(TrialLoop.pruner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), null))
                .extracting(p -> p.getClass().getSimpleName()).isEqualTo(type);
        PlantedModelLauncher launcher = planted();
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(spec, launcher, storage);
            assertThat(result.status()).isEqualTo(SearchResult.Status.COMPLETE);
            assertThat(result.progress().complete() + result.progress().pruned()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{type: nsga3, population_size: 4} | NsgaIIISampler",
            "{type: nsga2, population_size: 3, crossover: undx} | NsgaIISampler",
            "{type: tpe, seed: 3}              | TpeSampler",
            "{type: qmc, seed: 3}              | QmcSampler",
            "random                            | RandomSampler"})
    void everySamplerRunsASearchAsTheOneItsSpecNames(String sampler, String type) throws Exception {
        SearchSpec spec = spec("none", sampler, 6);
        assertThat(TrialLoop.sampler(spec).getClass().getSimpleName()).isEqualTo(type);
        PlantedModelLauncher launcher = planted();
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(spec, launcher, storage);
            assertThat(result.status()).isEqualTo(SearchResult.Status.COMPLETE);
            assertThat(result.recommendation()).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{type: nsga2}                                        | BlxAlphaCrossover",
            "{type: nsga2, crossover: uniform}                    | UniformCrossover",
            "{type: nsga2, crossover: sbx}                        | SbxCrossover",
            "{type: nsga3, crossover: spx, population_size: 4}    | SpxCrossover",
            "{type: nsga2, crossover: undx, population_size: 4}   | UndxCrossover"})
    void theGeneticSamplersBreedWithTheCrossoverTheSpecNames(String sampler, String crossover) {
        SearchSpec spec = spec("none", sampler, 6);
        assertThat(((io.branchwise.space.sampler.nsga.GeneticSampler) TrialLoop.sampler(spec)).crossover()
                .getClass().getSimpleName()).isEqualTo(crossover);
    }

    @Test
    void cmaEsSearchesANumericSpaceAndIsRefusedForACategoricalOne() throws Exception {
        String numeric = PlantedModelLauncher.fourTasks("cmaes", 3) + """
                space: {trunk_depth: [0, 2], branch_depth: [1, 2], widths: [4], groupings: [[[a, b], [c, d]]]}
                training: {epochs: 3, learning_rate: [0.001, 0.01]}
                search: {trials: 6, parallel: 1, sampler: {type: cmaes, seed: 2}, pruner: none, seeds: 1}
                """;
        SearchSpec spec = SearchSpecReader.fromMap(TrialSpecReader.parseYaml(numeric, "spec.yaml"), Path.of("."), null);
        assertThat(TrialLoop.sampler(spec)).isInstanceOf(io.branchwise.space.sampler.cmaes.CmaEsSampler.class);
        PlantedModelLauncher launcher = planted();
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(spec, launcher, storage);
            assertThat(result.status()).isEqualTo(SearchResult.Status.COMPLETE);
            assertThat(storage.trials(result.studyId(), -1, List.of()).stream()
                    .map(t -> t.params().get("training.learning_rate")).distinct().count())
                    .as("CMA-ES moves the learning rate").isGreaterThan(1);
        }
        String categorical = numeric.replace("widths: [4]", "widths: [4, 8]");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> SearchSpecReader.fromMap(
                TrialSpecReader.parseYaml(categorical, "spec.yaml"), Path.of("."), null)))
                .hasMessageContaining("search.sampler.type: cmaes adapts only numeric parameters")
                .hasMessageContaining("space.widths (2 choices)");
    }

    @Test
    void negativeTransferPrunesExactlyTheTrialsWhereATaskTrailsItsBaseline() throws Exception {
        PlantedModelLauncher launcher = planted(true);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(spec("{type: negative-transfer, patience: 2, warmup_epochs: 1, startup_trials: 0}", "random", 16),
                    launcher, storage);
            List<TrialRecord> trials = storage.trials(result.studyId(), -1, List.of());
            assertThat(trials).hasSize(16);
            int pruned = 0;
            for (TrialRecord t : trials) {
                String layout = (String) Recommender.attr(t, TrialAttributes.LAYOUT);
                boolean planted = layout.matches("0x0\\[(1x4\\[a,b\\],1x4\\[c,d\\]|a,b,c,d)\\]");
                if (planted) {
                    assertThat(t.state()).as(layout).isEqualTo(TrialState.COMPLETE);
                } else {
                    pruned++;
                    assertThat(t.state()).as(layout).isEqualTo(TrialState.PRUNED);
                    // Patience 2: epoch 2 is a race (alone, the task still gained 20% in it), so the streak starts
                    // at epoch 3 and condemns the trial at epoch 4.
                    assertThat(storage.trialTaskValues(t.id()).keySet()).containsExactly(1L, 2L, 3L, 4L, 5L);
                    assertThat((String) Recommender.attr(t, TrialAttributes.PRUNED_BECAUSE))
                            .matches("negative transfer: task . trails its single-task baseline by \\d+\\.\\d% at epoch 4 .*2 epochs in a row");
                    assertThat(t.values()).as("PRUNED keeps the last intermediate value, as Optuna does")
                            .containsExactly(t.intermediateValues().get(t.intermediateValues().lastKey()));
                    assertThat(t.values().get(0)).isNegative();
                }
            }
            assertThat(pruned).isPositive();
            assertThat(launcher.stopped).hasSize(pruned).allMatch(s -> s.contains(": pruned: negative transfer"));
            assertThat(result.progress().pruned()).isEqualTo(pruned);
        }
    }

    @Test
    void whileTheSingleTaskCurvesStillFallFastTheNegativeTransferPrunerCallsNoRace() throws Exception {
        // Alone, a task gains 20%, 7%, 4% and 2% in epochs 2-5: with a tolerance of 5% epochs 2 and 3 are a race,
        // epoch 4 is one check (patience 2 wants two) and epoch 5 is the last. The layouts with negative transfer
        // that the same search on levelled curves stops all run to the end.
        PlantedModelLauncher racing = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), false);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(spec("{type: negative-transfer, patience: 2, warmup_epochs: 1, startup_trials: 0}",
                    "random", 16), racing, storage);
            List<TrialRecord> trials = storage.trials(result.studyId(), -1, List.of());
            assertThat(trials).allMatch(t -> t.state() == TrialState.COMPLETE);
            assertThat(trials).as("negative transfer was there to prune").anyMatch(t -> t.values().get(0) < 0);
            assertThat(racing.stopped).isEmpty();
        }
    }

    @Test
    void nothingIsPrunedBeforeStartupTrialsHaveCompleted() throws Exception {
        // Trials here end at once (no waiting), so a pruning decision shows as a stop request on a finished trial.
        // With two at a time, trial k's epochs are read after trial k-2 ended: trials 0-2 see fewer than 3 complete.
        PlantedModelLauncher launcher = planted();
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(spec("{type: negative-transfer, patience: 2, warmup_epochs: 1, startup_trials: 3}",
                    "random", 16), launcher, storage);
            List<TrialRecord> trials = storage.trials(result.studyId(), -1, List.of());
            assertThat(trials).allMatch(t -> t.state() == TrialState.COMPLETE);
            List<String> expected = new java.util.ArrayList<>();
            for (TrialRecord t : trials) {
                if (t.number() >= 3 && t.values().get(0) < 0) {
                    expected.add("trial-" + t.number());
                }
            }
            assertThat(expected).as("the seed samples layouts with negative transfer after trial 2").isNotEmpty();
            assertThat(launcher.stopped).extracting(s -> s.substring(0, s.indexOf(':'))).containsExactlyElementsOf(expected);
            assertThat(trials.subList(0, 3)).anyMatch(t -> t.values().get(0) < 0);
        }
    }

    @Test
    void withoutAPrunerNothingIsStoppedAndTheIntermediateValueIsTheMeanDeltaPerEpoch() throws Exception {
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b", "c", "d")), true);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(spec("none", "tpe", 12), launcher, storage);
            assertThat(launcher.stopped).isEmpty();
            List<TrialRecord> trials = storage.trials(result.studyId(), -1, List.of());
            assertThat(trials).hasSize(12).allMatch(t -> t.state() == TrialState.COMPLETE);
            for (TrialRecord t : trials) {
                // Every epoch's Δ equals the final one in this model: (1 - factor) · 100 averaged over tasks.
                assertThat(t.intermediateValues().keySet()).containsExactly(1L, 2L, 3L, 4L, 5L);
                t.intermediateValues().values().forEach(v -> assertThat(v).isCloseTo(t.values().get(0), within(1e-9)));
            }
            // All four tasks planted together: hard sharing of all of them is best, 3 friends each = +30%.
            assertThat(result.recommendation().deltaM()).isCloseTo(30.0, within(1e-9));
            var layout = io.branchwise.space.layout.SharingLayout.parse(result.recommendation().layout());
            var model = new io.branchwise.launcher.PlantedGroups(List.of(List.of("a", "b", "c", "d")));
            assertThat(List.of("a", "b", "c", "d")).allSatisfy(t ->
                    assertThat(model.errorFactor(layout, t)).as(t + " shares a layer with all three others").isCloseTo(0.7, within(1e-9)));
        }
    }
}
