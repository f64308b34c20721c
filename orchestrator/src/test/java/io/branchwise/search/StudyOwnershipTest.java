package io.branchwise.search;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.launcher.TrainerLauncher;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialListener;
import io.branchwise.launcher.TrialRun;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.Storage;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.h2.H2Storage;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Many workers, one study (Optuna's way to share one): another client adds trials to a study while a search runs
 * it. The search used to fail ("stored trial number 3 differs from the search's 2") and leave its running trials
 * RUNNING; now it reads them as history, counts and recommends only its own, and leaves the others to their client.
 */
@Timeout(120)
class StudyOwnershipTest {
    @TempDir
    Path dir;

    private static SearchSpec spec() {
        String yaml = PlantedModelLauncher.fourTasks("shared", 7) + """
                space: {trunk_depth: [0, 1], branch_depth: [0, 1], widths: [4, 8], max_branches: 2, groupings: all}
                training: {epochs: 3}
                search: {trials: 5, parallel: 1, sampler: random, pruner: none, seeds: 1, baseline: {depth: 1, width: 4}}
                """;
        return SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
    }

    /** Runs {@code beforeTrial} as each search trial is launched, then plays the planted model. */
    private record Intercepting(PlantedModelLauncher inner, java.util.function.Consumer<String> beforeTrial)
            implements TrainerLauncher {
        @Override
        public TrialRun launch(TrialJob job, TrialListener listener) {
            String folder = job.workDirectory().getFileName().toString();
            if (folder.startsWith("trial-")) {
                beforeTrial.accept(folder);
            }
            return inner.launch(job, listener);
        }
    }

    @Test
    void trialsAnotherClientAddsAreHistoryNotTheSearchsAndNothingFails() throws Exception {
        SearchSpec spec = spec();
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            long[] foreign = new long[2];
            PlantedModelLauncher planted = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), false);
            TrainerLauncher launcher = new Intercepting(planted, folder -> {
                if (folder.equals("trial-1")) {
                    // An Optuna worker asks for two trials: it tells one at once and is still running the other.
                    long study = storage.studyIdByName("shared");
                    foreign[0] = storage.createTrial(study, null);
                    storage.setTrialStateValues(foreign[0], TrialState.COMPLETE, new double[]{3.5});
                    foreign[1] = storage.createTrial(study, null);
                }
            });
            SearchResult result = new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage,
                    launcher, dir.resolve("work"), false, SearchListener.NONE).run();

            assertThat(result.status()).isEqualTo(SearchResult.Status.COMPLETE);
            List<TrialRecord> trials = storage.trials(result.studyId(), -1, List.of());
            List<TrialRecord> own = trials.stream().filter(t -> t.systemAttributes().containsKey(TrialAttributes.OWNER)).toList();
            assertThat(own.stream().filter(t -> t.state().isFinished()
                    && !t.systemAttributes().containsKey(TrialAttributes.DUPLICATE_OF)))
                    .as("five trials of its own, the other client's not counted").hasSize(5);
            assertThat(storage.trial(foreign[0]).state()).isEqualTo(TrialState.COMPLETE);
            assertThat(storage.trial(foreign[0]).values()).containsExactly(3.5);
            assertThat(storage.trial(foreign[1]).state()).as("left to its client").isEqualTo(TrialState.RUNNING);
            assertThat(result.recommendation().layout()).isNotNull();
            assertThat(own).extracting(TrialRecord::number).contains((long) result.recommendation().trialNumber());
        }
    }

    @Test
    void aSearchThatFailsLeavesNoTrialOfItsOwnRunning() throws Exception {
        SearchSpec spec = spec();
        try (Storage storage = H2Storage.open(dir.resolve("db"))) {
            PlantedModelLauncher planted = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), false);
            TrainerLauncher launcher = new Intercepting(planted, folder -> {
                if (folder.equals("trial-2")) {
                    throw new IllegalStateException("the trainer host vanished");
                }
            });
            assertThatThrownBy(() -> new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage,
                    launcher, dir.resolve("work"), false, SearchListener.NONE).run())
                    .hasMessageContaining("the trainer host vanished");
            long study = storage.studyIdByName("shared");
            List<TrialRecord> trials = storage.trials(study, -1, List.of());
            assertThat(trials).noneMatch(t -> t.state() == TrialState.RUNNING);
            TrialRecord two = trials.stream().filter(t -> t.number() == 2).findFirst().orElseThrow();
            assertThat(two.state()).isEqualTo(TrialState.FAIL);
            assertThat(two.systemAttributes().get(TrialAttributes.FAIL_REASON)).contains("the search failed")
                    .contains("the trainer host vanished");
        }
    }
}
