package io.branchwise.search;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.json.PlainJson;
import io.branchwise.launcher.LocalTrainerLauncher;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.space.distribution.DistributionJson;
import io.branchwise.space.layout.LayoutSpace;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.StudyRecord;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.h2.H2Storage;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The search end to end with real trainer processes running the scripted trainer on the fixture data: tasks a, b
 * and c with a and b planted in one group ({@link io.branchwise.launcher.PlantedGroups}: sharing with a friend
 * lowers a task's error by 10%, with a stranger raises it by 20%).
 */
class SearchRunnerTest {
    private static LocalTrainerLauncher launcher;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        launcher = new LocalTrainerLauncher(LocalTrainerLauncher.Settings.defaults(List.of()).withHeap("96m")
                .withSilenceLimit(Duration.ofSeconds(30)).withStopGrace(Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        launcher.close();
    }

    static final String SPEC = """
            name: NAME
            seed: 5
            trainer: scripted
            data: {source: fixture, options: {rows: 32, targets: [a, b, c]}}
            tasks:
              - {name: a, type: fixture-regression, target: a}
              - {name: b, type: fixture-regression, target: b}
              - {name: c, type: fixture-regression, target: c}
            space: {trunk_depth: [0, 1], branch_depth: 1, widths: [8], max_branches: 2, groupings: GROUPINGS}
            weighting: {methods: [ew, dwa]}
            training: {epochs: 4, learning_rate: [0.001, 0.01], extra: {behaviour: layout, planted: [[a, b], [c]]EXTRA}}
            search: {trials: TRIALS, parallel: 2, seeds: 1, sampler: random, pruner: PRUNER, affinity_every: 5, affinity_epochs: 3, baseline: {depth: 1, width: 8}}
            """;

    static SearchSpec spec(String name, String groupings, int trials, String pruner, String extra) {
        String yaml = SPEC.replace("NAME", name).replace("GROUPINGS", groupings).replace("TRIALS", Integer.toString(trials))
                .replace("PRUNER", pruner).replace("EXTRA", extra);
        return SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
    }

    private SearchResult run(H2Storage storage, SearchSpec spec, boolean resume, SearchListener listener) throws Exception {
        List<BoundTask> tasks = SpecCheck.bind(spec, PluginCatalog.builtIns());
        return new SearchRunner(spec, tasks, storage, launcher, dir.resolve("work"), resume, listener).run();
    }

    private static Object attr(Map<String, String> attrs, String key) {
        assertThat(attrs).containsKey(key);
        return PlainJson.read(attrs.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attrMap(Map<String, String> attrs, String key) {
        return (Map<String, Object>) attr(attrs, key);
    }

    @Test
    void baselinesAffinityCandidatesTrialsAndTheRecommendationAreAllStored() throws Exception {
        SearchSpec spec = spec("full", "auto", 6, "{type: negative-transfer, warmup_epochs: 0, startup_trials: 0}", "");
        RecordingListener listener = new RecordingListener();
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = run(storage, spec, false, listener);
            assertThat(result.status()).isEqualTo(SearchResult.Status.COMPLETE);
            assertThat(listener.phases).containsExactly(SearchListener.Phase.BASELINES, SearchListener.Phase.SEARCH,
                    SearchListener.Phase.RECOMMENDATION);
            assertThat(listener.started(SearchListener.JobKind.BASELINE)).isEqualTo(3);
            assertThat(listener.started(SearchListener.JobKind.AFFINITY)).isEqualTo(1);
            assertThat(listener.started(SearchListener.JobKind.REFERENCE)).as("two reference layouts, a linear model per task")
                    .isEqualTo(5);
            assertThat(listener.started(SearchListener.JobKind.TRIAL)).isEqualTo(6);

            // Baselines: each task alone, its mean predictor's error with the curve the trainer reported.
            assertThat(result.baselines()).extracting(Baseline::task).containsExactly("a", "b", "c");
            for (Baseline b : result.baselines()) {
                assertThat(b.value()).isPositive();
                assertThat(b.curve().keySet()).containsExactly(1L, 2L, 3L, 4L);
                assertThat(b.curve().get(4L)).isEqualTo(b.value());
                assertThat(b.testValue()).isPositive();
            }

            // The affinity run found the planted group, so the candidates are "all together" and "{a,b} | {c}".
            assertThat(result.affinity().get(0, 1)).isEqualTo(0.4);
            assertThat(result.candidates()).extracting(g -> g.groups())
                    .containsExactly(List.of(List.of("a", "b", "c")), List.of(List.of("a", "b"), List.of("c")));
            assertThat(listener.candidates).isEqualTo(result.candidates());

            // Floors: the scripted trainer's models halve the error of predicting the mean, so the baselines beat it.
            assertThat(result.floors()).extracting(TaskFloor::task).containsExactly("a", "b", "c");
            for (TaskFloor f : result.floors()) {
                assertThat(f.linear()).isNotNull();
                assertThat(f.trivialValue()).isPositive();
                assertThat(f.baselineFailed()).isFalse();
            }

            // References, same budget: hard sharing loses (a, b: 1 friend + 1 stranger = +10% error, c: +40%),
            // task-specific branches change nothing.
            assertThat(result.references().get("hard_sharing").layout()).isEqualTo("1x8[a,b,c]");
            assertThat(result.references().get("hard_sharing").deltaM()).isCloseTo(-20.0, within(1e-6));
            assertThat(result.references().get("hard_sharing").negativeTransfer()).containsExactly("a", "b", "c");
            assertThat(result.references().get("task_specific").deltaM()).isCloseTo(0.0, within(1e-6));

            StudyRecord study = storage.study(result.studyId());
            assertThat(study.name()).isEqualTo("full");
            assertThat(study.directions()).containsExactly(StudyDirection.MAXIMIZE);
            assertThat(storage.studyTasks(study.id())).extracting(t -> t.name() + ":" + t.metric() + ":" + t.direction())
                    .containsExactly("a:rmse:MINIMIZE", "b:rmse:MINIMIZE", "c:rmse:MINIMIZE");
            assertThat(attrMap(study.systemAttributes(), SearchStudy.STATUS)).containsEntry("state", "complete");
            assertThat((List<?>) attr(study.systemAttributes(), SearchStudy.BASELINES)).hasSize(3);
            assertThat((List<?>) attr(study.systemAttributes(), SearchStudy.CANDIDATES)).hasSize(2);
            assertThat(attrMap(study.systemAttributes(), SearchStudy.AFFINITY)).containsKeys("tasks", "matrix", "seconds")
                    .as("the affinity run is search.affinity_epochs long, not the training budget's 4")
                    .containsEntry("epochs", 3L);
            assertThat(attrMap(study.systemAttributes(), SearchStudy.REFERENCES)).containsOnlyKeys("hard_sharing", "task_specific");
            assertThat(attrMap(study.systemAttributes(), SearchStudy.SPEC)).containsEntry("trainer", "scripted");

            // Every trial as an Optuna client reads it: params with their distributions decode to the stored layout.
            LayoutSpace space = LayoutSpace.builder(spec.taskNames()).trunkDepth(0, 1).branchDepth(1, 1)
                    .widths(List.of(8)).groupings(CandidateGroupings.groups(result.candidates())).build();
            List<TrialRecord> trials = storage.trials(study.id(), -1, List.of());
            assertThat(trials).hasSize(6).allMatch(t -> t.state().isFinished());
            Scoring scoring = new Scoring(SpecCheck.bind(spec, PluginCatalog.builtIns()),
                    Map.of("a", result.baselines().get(0), "b", result.baselines().get(1), "c", result.baselines().get(2)));
            for (TrialRecord t : trials) {
                assertThat(t.params()).containsKeys("layout.trunk_depth", "layout.grouping", "layout.branch_depth",
                        "weighting.method", "training.learning_rate");
                t.distributions().forEach((name, json) ->
                        assertThat(DistributionJson.parse(json).contains(t.params().get(name))).as(name).isTrue());
                String layout = (String) PlainJson.read(t.systemAttributes().get(TrialAttributes.LAYOUT));
                assertThat(space.decode(t.params())).hasToString(layout);
                double lr = t.params().get("training.learning_rate");
                assertThat(lr).isBetween(0.001, 0.01);
                assertThat(storage.trialTaskValues(t.id())).isNotEmpty().allSatisfy((step, vector) -> assertThat(vector).hasSize(3));
                assertThat(t.intermediateValues()).isNotEmpty();
                if (t.state() == TrialState.COMPLETE) {
                    Comparison c = scoring.compare(layout,
                            Baseline.metricsByTask(PlainJson.read(t.systemAttributes().get(TrialAttributes.VALIDATION))),
                            Baseline.metricsByTask(PlainJson.read(t.systemAttributes().get(TrialAttributes.TEST))));
                    assertThat(t.values()).containsExactly(c.deltaM());
                    assertThat(PlainJson.read(t.systemAttributes().get(TrialAttributes.BEST_EPOCH)))
                            .as("the scripted trainer keeps its last epoch").isEqualTo(4L);
                } else {
                    assertThat(t.state()).isEqualTo(TrialState.PRUNED);
                    assertThat(t.systemAttributes().get(TrialAttributes.PRUNED_BECAUSE)).contains("negative transfer: task");
                }
                if (layout.equals("0x0[1x8[a,b],1x8[c]]")) {
                    assertThat(t.state()).as("the planted grouping is never pruned").isEqualTo(TrialState.COMPLETE);
                    assertThat(t.values().get(0)).as("a and b gain 10%%, c alone keeps its error").isCloseTo(20.0 / 3, within(1e-6));
                } else if (t.state() == TrialState.COMPLETE) {
                    assertThat(t.values().get(0)).as("every other layout mixes strangers").isNegative();
                }
            }

            // The recommendation: the planted grouping, no negative transfer, stored for a restarted server.
            Recommendation rec = result.recommendation();
            assertThat(rec).as("seed 5 samples the planted grouping among 6 random trials").isNotNull();
            assertThat(rec.layout()).isEqualTo("0x0[1x8[a,b],1x8[c]]");
            assertThat(rec.deltaM()).isCloseTo(20.0 / 3, within(1e-6));
            assertThat(rec.withinTolerance()).isTrue();
            assertThat(rec.comparison().negativeTransfer()).isEmpty();
            assertThat(rec.layoutTree()).isEqualTo("input\n├─ 1x8 → heads a, b\n└─ 1x8 → heads c");
            assertThat(rec.params()).containsEntry("layout.grouping", "{a,b}|{c}");
            assertThat(rec.comparison().rows()).allSatisfy(r -> assertThat(r.test()).isPositive());
            Map<String, Object> stored = attrMap(storage.study(study.id()).systemAttributes(), SearchStudy.RECOMMENDATION);
            assertThat(stored.get("trial_number")).isEqualTo((long) rec.trialNumber());
            assertThat(stored.get("layout")).isEqualTo(rec.layout());
            assertThat(trials.get(rec.trialNumber()).values()).containsExactly(rec.deltaM());
        }
    }

    @Test
    void aSecondStudyOnTheSameDataReusesTheBaselines() throws Exception {
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            RecordingListener first = new RecordingListener();
            SearchResult one = run(storage, spec("first", "all", 1, "none", ""), false, first);
            assertThat(first.started(SearchListener.JobKind.BASELINE)).isEqualTo(3);

            RecordingListener second = new RecordingListener();
            SearchResult two = run(storage, spec("second", "all", 1, "none", ""), false, second);
            assertThat(second.started(SearchListener.JobKind.BASELINE)).isZero();
            assertThat(second.finished).contains("BASELINE a REUSED", "BASELINE b REUSED", "BASELINE c REUSED");
            assertThat(two.baselines()).isEqualTo(one.baselines());
            assertThat(dir.resolve("work/second/stl-a")).doesNotExist();
            assertThat(dir.resolve("work/first/stl-a")).isDirectory();
            assertThat(second.started(SearchListener.JobKind.AFFINITY)).as("groupings: all needs no affinity run").isZero();

            // A different budget is a different baseline.
            RecordingListener third = new RecordingListener();
            run(storage, SearchSpecReader.fromMap(TrialSpecReader.parseYaml(
                    SPEC.replace("NAME", "third").replace("GROUPINGS", "all").replace("TRIALS", "1")
                            .replace("PRUNER", "none").replace("EXTRA", "").replace("epochs: 4", "epochs: 3"),
                    "spec.yaml"), Path.of("."), null), false, third);
            assertThat(third.started(SearchListener.JobKind.BASELINE)).isEqualTo(3);
        }
    }

    @Test
    void aTrainerCrashFailsItsTrialWithTheReasonAndTheSearchGoesOn() throws Exception {
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            RecordingListener listener = new RecordingListener();
            SearchResult result = run(storage, spec("crash", "all", 4, "none", ", crash_in: [trial-1]"), false, listener);
            assertThat(result.status()).isEqualTo(SearchResult.Status.COMPLETE);
            List<TrialRecord> trials = storage.trials(result.studyId(), -1, List.of());
            assertThat(trials).extracting(TrialRecord::number).containsExactly(0L, 1L, 2L, 3L);
            TrialRecord crashed = trials.get(1);
            assertThat(crashed.state()).isEqualTo(TrialState.FAIL);
            assertThat((String) PlainJson.read(crashed.systemAttributes().get(StudyMirror.FAIL_REASON)))
                    .contains("exited with code 7");
            assertThat(crashed.systemAttributes()).doesNotContainKey(StudyMirror.INTERRUPTED);
            assertThat(storage.trialTaskValues(crashed.id())).as("its epoch before the crash is kept").containsOnlyKeys(1L);
            assertThat(trials).filteredOn(t -> t.number() != 1).allMatch(t -> t.state() == TrialState.COMPLETE);
            assertThat(result.progress().failed()).isEqualTo(1);
            assertThat(result.progress().complete()).isEqualTo(3);
            assertThat(listener.trials).filteredOn(t -> t.number() == 1).singleElement()
                    .satisfies(t -> assertThat(t.reason()).contains("exited with code 7"));
            assertThat(result.recommendation()).isNotNull();
            assertThat(result.recommendation().trialNumber()).isNotEqualTo(1);
        }
    }

    @Test
    void aStoppedSearchKeepsWhatFinishedAndResumesWithoutRedoingIt() throws Exception {
        // trial-1 waits to be stopped; the search is stopped once two trials have finished.
        SearchSpec spec = spec("resumable", "auto", 4, "none", ", wait_in: [trial-1]");
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            RecordingListener first = new RecordingListener();
            SearchRunner[] runner = new SearchRunner[1];
            first.onTrial = (t, p) -> {
                if (p.finished() == 2) {
                    runner[0].stop("test stop");
                }
            };
            runner[0] = new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage, launcher,
                    dir.resolve("work"), false, first);
            SearchResult stopped = runner[0].run();
            assertThat(stopped.status()).isEqualTo(SearchResult.Status.STOPPED);
            assertThat(stopped.reason()).isEqualTo("test stop");
            List<TrialRecord> before = storage.trials(stopped.studyId(), -1, List.of());
            assertThat(before).extracting(TrialRecord::number).containsExactly(0L, 1L, 2L);
            TrialRecord interrupted = before.get(1);
            assertThat(interrupted.state()).isEqualTo(TrialState.FAIL);
            assertThat(interrupted.systemAttributes()).containsEntry(StudyMirror.INTERRUPTED, "true");
            assertThat((String) PlainJson.read(interrupted.systemAttributes().get(StudyMirror.FAIL_REASON))).contains("interrupted");
            assertThat(before.get(0).state()).isEqualTo(TrialState.COMPLETE);
            assertThat(before.get(2).state()).isEqualTo(TrialState.COMPLETE);
            assertThat(attrMap(storage.study(stopped.studyId()).systemAttributes(), SearchStudy.STATUS))
                    .containsEntry("state", "stopped");

            assertThatThrownBy(() -> run(storage, spec, false, SearchListener.NONE))
                    .isInstanceOf(SearchException.class).hasMessageContaining("--resume");
            SearchSpec changed = SearchSpecReader.fromMap(TrialSpecReader.parseYaml(
                    SPEC.replace("NAME", "resumable").replace("GROUPINGS", "auto").replace("TRIALS", "4")
                            .replace("PRUNER", "none").replace("EXTRA", ", wait_in: [trial-1]").replace("epochs: 4", "epochs: 5"),
                    "spec.yaml"), Path.of("."), null);
            assertThatThrownBy(() -> run(storage, changed, true, SearchListener.NONE))
                    .isInstanceOf(SearchException.class).hasMessageContaining("changed: [training]");

            RecordingListener second = new RecordingListener();
            SearchResult resumed = run(storage, spec("resumable", "auto", 4, "none", ", wait_in: [trial-1]"), true, second);
            assertThat(resumed.status()).isEqualTo(SearchResult.Status.COMPLETE);
            assertThat(resumed.studyId()).isEqualTo(stopped.studyId());
            assertThat(second.started).as("baselines, affinity and references are not redone")
                    .allMatch(s -> s.startsWith("TRIAL "));
            assertThat(second.started(SearchListener.JobKind.TRIAL)).isEqualTo(2);
            // The resumed sampler may propose what was trained before: such trials are copies, not trainings.
            List<TrialRecord> after = SearchObjectivesTest.trained(storage.trials(resumed.studyId(), -1, List.of()));
            assertThat(after).hasSize(5).extracting(TrialRecord::number).startsWith(0L, 1L, 2L);
            assertThat(after.subList(0, 3)).extracting(TrialRecord::datetimeComplete)
                    .isEqualTo(before.stream().map(TrialRecord::datetimeComplete).toList());
            assertThat(after.get(3).state()).isEqualTo(TrialState.COMPLETE);
            assertThat(after.get(4).state()).isEqualTo(TrialState.COMPLETE);
            assertThat(resumed.progress().finished()).isEqualTo(4);
            assertThat(resumed.progress().interrupted()).isEqualTo(1);
            assertThat(resumed.candidates()).isEqualTo(stopped.candidates());
            assertThat(attrMap(storage.study(resumed.studyId()).systemAttributes(), SearchStudy.STATUS))
                    .containsEntry("state", "complete");
        }
    }
}
