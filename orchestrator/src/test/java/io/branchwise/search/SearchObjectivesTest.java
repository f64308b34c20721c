package io.branchwise.search;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.json.PlainJson;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.DistributionJson;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.sampler.RandomSampler;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.h2.H2Storage;
import io.branchwise.trial.TrialSpec;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * What the search spec's objectives, parameter budget and searched training options do to a search, with the
 * deterministic in-process {@link PlantedModelLauncher}: tasks a and b planted together, c and d each alone, so
 * with at most two branches no layout is best for every task and a per-task search has a real Pareto set.
 */
@Timeout(180)
class SearchObjectivesTest {
    private static final List<String> TASKS = List.of("a", "b", "c", "d");
    private static final List<List<String>> PLANTED = List.of(List.of("a", "b"), List.of("c"), List.of("d"));
    /** The fixture's features, and a regression head's width: what a layout's parameters are counted with. */
    private static final int FEATURES = 2;
    private static final Map<String, Integer> HEADS = Map.of("a", 1, "b", 1, "c", 1, "d", 1);

    @TempDir
    Path dir;

    private static SearchSpec spec(String name, String space, String weighting, String search) {
        String yaml = PlantedModelLauncher.fourTasks(name, 13) + """
                space: SPACE
                weighting: WEIGHTING
                training: {epochs: 3}
                search: SEARCH
                """.replace("SPACE", space).replace("WEIGHTING", weighting).replace("SEARCH", search);
        return SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
    }

    private static final String SMALL_SPACE = "{trunk_depth: [0, 1], branch_depth: [0, 1], widths: [4], max_branches: 2,"
            + " groupings: all}";
    /**
     * One branch per group and at most two groups, so no layout leaves every task alone or with friends only:
     * {a,b}|{c,d} is best for a and b, {c}|{a,b,d} for c, {d}|{a,b,c} for d.
     */
    private static final String TRADE_OFF_SPACE = "{trunk_depth: 0, branch_depth: 1, widths: [4], max_branches: 2,"
            + " groupings: all}";

    /** The trials that were trained: without the copies of repeated configurations. */
    static List<TrialRecord> trained(List<TrialRecord> trials) {
        return trials.stream().filter(t -> !t.systemAttributes().containsKey(TrialAttributes.DUPLICATE_OF)).toList();
    }

    private SearchResult run(SearchSpec spec, PlantedModelLauncher launcher, H2Storage storage, boolean resume) throws Exception {
        return new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage, launcher,
                dir.resolve("work"), resume, SearchListener.NONE).run();
    }

    private static Object attr(TrialRecord t, String key) {
        return Recommender.attr(t, key);
    }

    private static long parameters(String layout) {
        return SharingLayout.parse(layout).parameterCount(FEATURES, HEADS).total();
    }

    // ---- per-task objectives ------------------------------------------------------------------------------

    @ParameterizedTest(name = "sampler {0}")
    @ValueSource(strings = {"tpe", "{type: nsga2, population_size: 4}", "qmc", "random"})
    void aPerTaskSearchHasOneObjectivePerTaskAndItsResultHasTheParetoSet(String sampler) throws Exception {
        SearchSpec spec = spec("pareto", TRADE_OFF_SPACE, "{methods: [ew]}", "{trials: 16, parallel: 2, sampler: " + sampler
                + ", objective: per_task, max_task_drop: 25}");
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(spec, new PlantedModelLauncher(PLANTED, false), storage, false);
            assertThat(result.status()).isEqualTo(SearchResult.Status.COMPLETE);
            assertThat(result.perTaskObjectives()).isTrue();
            assertThat(storage.study(result.studyId()).directions()).as("each task's rmse, minimised, in task order")
                    .containsExactly(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE, StudyDirection.MINIMIZE,
                            StudyDirection.MINIMIZE);
            Map<String, Double> stl = Map.of("a", result.baselines().get(0).value(), "b", result.baselines().get(1).value(),
                    "c", result.baselines().get(2).value(), "d", result.baselines().get(3).value());

            List<TrialRecord> trials = storage.trials(result.studyId(), -1, List.of());
            // Eight layouts in this space: each trained once, the sampler's repeats kept as marked copies.
            assertThat(trained(trials)).hasSizeBetween(2, 16).allMatch(t -> t.state() == TrialState.COMPLETE)
                    .extracting(t -> attr(t, TrialAttributes.LAYOUT)).doesNotHaveDuplicates();
            for (TrialRecord t : trials) {
                Map<?, ?> validation = (Map<?, ?>) attr(t, TrialAttributes.VALIDATION);
                List<Double> expected = TASKS.stream().map(task -> (Double) ((Map<?, ?>) validation.get(task)).get("rmse")).toList();
                assertThat(t.values()).as("the values are the tasks' validation metrics").isEqualTo(expected);
                assertThat((Double) attr(t, TrialAttributes.DELTA_M)).as("Δm is still stored")
                        .isCloseTo(deltaM(t.values(), stl), within(1e-9));
            }

            // The non-dominated trials, found here by comparing every pair of value vectors (all minimised).
            List<Integer> front = new ArrayList<>();
            for (TrialRecord t : trained(trials)) {
                if (trained(trials).stream().noneMatch(o -> dominates(o.values(), t.values()))) {
                    front.add((int) t.number());
                }
            }
            assertThat(front.stream().map(n -> trials.get(n).values()).distinct())
                    .as("with two branches for three planted groups, no layout is best for every task").hasSizeGreaterThan(1);
            assertThat(result.paretoSet()).extracting(ParetoTrial::trialNumber).containsExactlyElementsOf(front);
            for (ParetoTrial p : result.paretoSet()) {
                TrialRecord t = trials.get(p.trialNumber());
                assertThat(p.layout()).isEqualTo(attr(t, TrialAttributes.LAYOUT));
                assertThat(p.comparison().rows()).extracting(TaskRow::value).isEqualTo(t.values());
                assertThat(p.parameters()).isEqualTo(parameters(p.layout()));
            }

            // The recommendation: the best Δm of the Pareto set with no task more than 25% worse than alone, or
            // failing that the best Δm of the set; ties to the earlier trial.
            int within = -1;
            int any = -1;
            for (int n : front) {
                List<Double> v = trials.get(n).values();
                double worst = TASKS.stream().mapToDouble(task -> delta(task, v.get(TASKS.indexOf(task)), stl)).min().orElseThrow();
                if (worst >= -25 && (within < 0 || deltaM(v, stl) > deltaM(trials.get(within).values(), stl))) {
                    within = n;
                }
                if (any < 0 || deltaM(v, stl) > deltaM(trials.get(any).values(), stl)) {
                    any = n;
                }
            }
            assertThat(result.recommendation().trialNumber()).isEqualTo(within >= 0 ? within : any);
            assertThat(result.recommendation().withinTolerance()).isEqualTo(within >= 0);

            Map<String, Object> json = result.toMap();
            assertThat((List<?>) json.get("pareto_set")).hasSize(front.size());
            List<?> stored = (List<?>) PlainJson.read(storage.study(result.studyId()).systemAttributes().get(SearchStudy.PARETO_SET));
            assertThat(stored).extracting(m -> ((Number) ((Map<?, ?>) m).get("trial_number")).intValue())
                    .containsExactlyElementsOf(front);
        }
    }

    private static double delta(String task, double value, Map<String, Double> stl) {
        return -(value - stl.get(task)) / Math.abs(stl.get(task)) * 100;
    }

    private static double deltaM(List<Double> values, Map<String, Double> stl) {
        double sum = 0;
        for (int i = 0; i < TASKS.size(); i++) {
            sum += delta(TASKS.get(i), values.get(i), stl);
        }
        return sum / TASKS.size();
    }

    private static boolean dominates(List<Double> a, List<Double> b) {
        boolean better = false;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) > b.get(i)) {
                return false;
            }
            better |= a.get(i) < b.get(i);
        }
        return better;
    }

    @Test
    void aPerTaskSearchPrunesByNegativeTransferAndItsPrunedTrialsHaveNoValues() throws Exception {
        // Every layout with negative transfer waits to be stopped, so a trial the pruner missed hangs the test. The
        // curves level off after epoch 1, so no gap is a race.
        PlantedModelLauncher launcher = new PlantedModelLauncher(PLANTED, true).settledAt(1);
        SearchSpec spec = spec("pareto-pruned", SMALL_SPACE, "{methods: [ew]}", "{trials: 10, parallel: 2,"
                + " sampler: random, objective: per_task, pruner: {type: negative-transfer, patience: 1, warmup_epochs: 1,"
                + " startup_trials: 0}}");
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(spec, launcher, storage, false);
            List<TrialRecord> trials = trained(storage.trials(result.studyId(), -1, List.of()));
            List<TrialRecord> pruned = trials.stream().filter(t -> t.state() == TrialState.PRUNED).toList();
            assertThat(pruned).isNotEmpty();
            assertThat(pruned).allSatisfy(t -> {
                assertThat(t.values()).as("one aggregate is no vector of four objectives").isEmpty();
                assertThat(t.intermediateValues()).as("the aggregate is still kept per epoch").isNotEmpty();
            });
            assertThat(launcher.stopped).hasSize(pruned.size());
            List<Integer> complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
                    .map(t -> (int) t.number()).toList();
            assertThat(result.paretoSet()).extracting(ParetoTrial::trialNumber).isSubsetOf(complete);
        }
    }

    // ---- parameter budget ---------------------------------------------------------------------------------

    @Test
    void layoutsOverTheParameterBudgetAreRecordedAsInfeasibleNeverTrainedAndNeverRecommended() throws Exception {
        PlantedModelLauncher launcher = new PlantedModelLauncher(PLANTED, false);
        // Width 4 keeps most layouts under 150 parameters; width 32 puts most over (a 1x32 trunk alone has 96).
        SearchSpec spec = spec("budget", "{trunk_depth: [0, 2], branch_depth: [0, 1], widths: [4, 32], max_branches: 2,"
                + " groupings: all}", "{methods: [ew]}", "{trials: 10, parallel: 2, sampler: {type: tpe, startup_trials: 4},"
                + " max_parameters: 150}");
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(spec, launcher, storage, false);
            assertThat(result.status()).isEqualTo(SearchResult.Status.COMPLETE);
            List<TrialRecord> trials = storage.trials(result.studyId(), -1, List.of());
            int infeasible = 0;
            for (TrialRecord t : trials) {
                String layout = (String) attr(t, TrialAttributes.LAYOUT);
                if (t.systemAttributes().containsKey(TrialAttributes.DUPLICATE_OF)) {
                    assertThat(launcher.specs).as("a repeated configuration is not trained again")
                            .doesNotContainKey("trial-" + t.number());
                    continue;
                }
                long count = parameters(layout);
                assertThat(((Number) attr(t, TrialAttributes.PARAMETERS)).longValue()).as(layout).isEqualTo(count);
                assertThat(((List<?>) attr(t, TrialAttributes.CONSTRAINTS)).stream().map(v -> ((Number) v).doubleValue()))
                        .as("Optuna's constraints, ≤ 0 when feasible").containsExactly((double) (count - 150));
                if (count > 150) {
                    infeasible++;
                    assertThat(t.state()).isEqualTo(TrialState.PRUNED);
                    assertThat(t.values()).isEmpty();
                    assertThat((String) attr(t, TrialAttributes.INFEASIBLE)).isEqualTo(count
                            + " parameters, over search.max_parameters 150");
                    assertThat(launcher.specs).as("never trained").doesNotContainKey("trial-" + t.number());
                    assertThat(storage.trialTaskValues(t.id())).isEmpty();
                } else {
                    assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
                    assertThat(launcher.specs).containsKey("trial-" + t.number());
                    assertThat(t.systemAttributes()).doesNotContainKey(TrialAttributes.INFEASIBLE);
                }
            }
            assertThat(infeasible).as("the seed proposes layouts over the budget").isPositive();
            long trainedTrials = launcher.specs.keySet().stream().filter(k -> k.startsWith("trial-")).count();
            assertThat(result.progress().complete()).isEqualTo((int) trainedTrials);
            // Few layouts fit the budget: the trials wanted are all trained, or the search ends saying why not.
            if (trainedTrials < 10) {
                assertThat(result.reason()).contains("already trained");
            } else {
                assertThat(trainedTrials).isEqualTo(10);
            }
            assertThat(result.progress().infeasible()).isEqualTo(infeasible);
            assertThat(result.progress().pruned()).as("infeasible is not pruned by a pruner").isZero();
            assertThat(parameters(result.recommendation().layout())).isLessThanOrEqualTo(150);
            assertThat(result.recommendation().parameters()).isEqualTo(parameters(result.recommendation().layout()));

            // What the samplers read back (also after a restart): the constraint values, so they can steer away.
            List<FrozenTrial> seen = StudyMirror.load(storage, result.studyId(), List.of(StudyDirection.MAXIMIZE),
                    new RandomSampler(0), null).view().trials();
            for (FrozenTrial t : seen) {
                boolean over = trials.get(t.number()).systemAttributes().containsKey(TrialAttributes.INFEASIBLE);
                assertThat(t.constraints()).hasSize(1);
                assertThat(t.isFeasible()).isEqualTo(!over);
            }
        }
    }

    @Test
    void aSearchWhoseSamplerFindsNothingUnderTheBudgetGivesUpWithoutTrainingAnything() throws Exception {
        // SpecCheck refuses a budget below the smallest layout; bound without it, the loop must still end.
        SearchSpec spec = spec("hopeless", SMALL_SPACE, "{methods: [ew]}", "{trials: 3, parallel: 2, sampler: random,"
                + " max_parameters: 5}");
        SearchSpec unbounded = spec("hopeless", SMALL_SPACE, "{methods: [ew]}", "{trials: 3, parallel: 2, sampler: random}");
        PlantedModelLauncher launcher = new PlantedModelLauncher(PLANTED, false);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = new SearchRunner(spec, SpecCheck.bind(unbounded, PluginCatalog.builtIns()), storage,
                    launcher, dir.resolve("work"), false, SearchListener.NONE).run();
            assertThat(result.status()).isEqualTo(SearchResult.Status.STOPPED);
            assertThat(result.reason()).contains(TrialLoop.MAX_INFEASIBLE_IN_A_ROW + " layouts in a row over"
                    + " search.max_parameters (5)");
            assertThat(launcher.specs.keySet()).noneMatch(k -> k.startsWith("trial-"));
            assertThat(storage.trials(result.studyId(), -1, List.of())).hasSize(TrialLoop.MAX_INFEASIBLE_IN_A_ROW)
                    .allMatch(t -> t.state() == TrialState.PRUNED && t.values().isEmpty());
            assertThat(result.recommendation()).isNull();
        }
    }

    // ---- searched training options and weighting ranges ---------------------------------------------------

    @Test
    void searchedActivationDropoutAndWeightingRangesReachEveryTrialSpec() throws Exception {
        PlantedModelLauncher launcher = new PlantedModelLauncher(PLANTED, false);
        SearchSpec spec = spec("options", SMALL_SPACE.replace("}", ", activation: [tanh, relu, elu], dropout: [0.1, 0.3]}"),
                "{methods: [dwa, gradnorm], dwa: {temperature: [1, 2]}, gradnorm: {alpha: 0.5}}",
                "{trials: 10, parallel: 2, sampler: random}");
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(spec, launcher, storage, false);
            Set<String> activations = new HashSet<>();
            Set<WeightingMethod> methods = new HashSet<>();
            for (TrialRecord t : storage.trials(result.studyId(), -1, List.of())) {
                TrialSpec trained = launcher.specs.get("trial-" + t.number());
                Map<String, Object> params = Recommender.externalParams(t);

                assertThat(DistributionJson.parse(t.distributions().get("training.activation")))
                        .isInstanceOf(CategoricalDistribution.class)
                        .satisfies(d -> assertThat(((CategoricalDistribution) d).choices()).hasSize(3));
                assertThat(trained.training().activation()).isEqualTo(params.get("training.activation"))
                        .isEqualTo(attr(t, TrialAttributes.ACTIVATION));
                activations.add(trained.training().activation());

                assertThat(DistributionJson.parse(t.distributions().get("training.dropout")))
                        .isEqualTo(new FloatDistribution(0.1, 0.3, false, null));
                assertThat(trained.training().dropout()).isEqualTo(t.params().get("training.dropout"))
                        .isBetween(0.1, 0.3).isEqualTo(attr(t, TrialAttributes.DROPOUT));

                WeightingMethod method = trained.weighting().method();
                methods.add(method);
                if (method == WeightingMethod.DWA) {
                    assertThat(DistributionJson.parse(t.distributions().get("weighting.dwa.temperature")))
                            .isEqualTo(new FloatDistribution(1.0, 2.0, true, null));
                    assertThat(trained.weighting().hyperParameter("temperature"))
                            .isEqualTo(t.params().get("weighting.dwa.temperature")).isBetween(1.0, 2.0);
                } else {
                    assertThat(DistributionJson.parse(t.distributions().get("weighting.gradnorm.alpha")))
                            .isEqualTo(new FloatDistribution(0.5, 0.5, false, null));
                    assertThat(trained.weighting().hyperParameter("alpha")).isEqualTo(0.5);
                }
            }
            assertThat(activations).as("ten random trials draw more than one activation").hasSizeGreaterThan(1)
                    .isSubsetOf("tanh", "relu", "elu");
            assertThat(methods).containsExactlyInAnyOrder(WeightingMethod.DWA, WeightingMethod.GRADNORM);
            List<String> jobs = new ArrayList<>(List.of("reference-hard_sharing", "reference-task_specific"));
            launcher.specs.keySet().stream().filter(k -> k.startsWith("stl-a")).forEach(jobs::add);
            assertThat(jobs).as("every configuration of a's baseline").hasSizeGreaterThan(3);
            for (String job : jobs) {
                assertThat(launcher.specs.get(job).training().activation()).as(job + ": the first listed").isEqualTo("tanh");
                assertThat(launcher.specs.get(job).training().dropout()).as(job + ": the middle of the range")
                        .isCloseTo(0.2, within(1e-12));
            }
        }
    }

    // ---- resume -------------------------------------------------------------------------------------------

    @Test
    void aResumeRefusesChangesToTheNewFieldsAndContinuesAPerTaskStudy() throws Exception {
        String search = "{trials: TRIALS, parallel: 2, sampler: random, objective: per_task}";
        PlantedModelLauncher launcher = new PlantedModelLauncher(PLANTED, false);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult first = run(spec("resumed", SMALL_SPACE, "{methods: [ew, dwa]}", search.replace("TRIALS", "2")),
                    launcher, storage, false);
            List<Map.Entry<String, SearchSpec>> changed = List.of(
                    Map.entry("search", spec("resumed", SMALL_SPACE, "{methods: [ew, dwa]}", search.replace("TRIALS", "3")
                            .replace("per_task", "delta_m"))),
                    Map.entry("search", spec("resumed", SMALL_SPACE, "{methods: [ew, dwa]}", search.replace("TRIALS", "3")
                            .replace("}", ", max_parameters: 500}"))),
                    Map.entry("space", spec("resumed", SMALL_SPACE.replace("}", ", activation: [relu, tanh]}"),
                            "{methods: [ew, dwa]}", search.replace("TRIALS", "3"))),
                    Map.entry("weighting", spec("resumed", SMALL_SPACE, "{methods: [ew, dwa], dwa: {temperature: [1, 3]}}",
                            search.replace("TRIALS", "3"))));
            for (Map.Entry<String, SearchSpec> c : changed) {
                assertThatThrownBy(() -> run(c.getValue(), launcher, storage, true)).as(c.getKey())
                        .isInstanceOf(SearchException.class).hasMessageContaining("changed: [" + c.getKey() + "]");
            }

            SearchResult resumed = run(spec("resumed", SMALL_SPACE, "{methods: [ew, dwa]}", search.replace("TRIALS", "3")),
                    launcher, storage, true);
            assertThat(resumed.studyId()).isEqualTo(first.studyId());
            assertThat(trained(storage.trials(resumed.studyId(), -1, List.of()))).hasSize(3)
                    .allSatisfy(t -> assertThat(t.values()).hasSize(4));
            assertThat(resumed.paretoSet()).isNotEmpty();
        }
    }
}
