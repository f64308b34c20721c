package io.branchwise.search;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.json.PlainJson;
import io.branchwise.launcher.external.ExternalTrainers;
import io.branchwise.launcher.external.PlantedExternalTrainer;
import io.branchwise.launcher.external.StudyLauncher;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.h2.H2Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A whole search whose every job — baselines, the affinity run, references, trials — is trained by trainers that
 * take them from {@link ExternalTrainers}: the runner sees only a launcher, so nothing in it changes.
 */
@Timeout(120)
class ExternalTrainersSearchTest {
    @TempDir
    Path dir;

    @Test
    void twoExternalTrainersRunTheWholeSearchToTheRecommendation() throws Exception {
        SearchSpec spec = SearchRunnerTest.spec("external", "auto", 6, "none", "");
        RecordingListener listener = new RecordingListener();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<PlantedExternalTrainer> trainers = new ArrayList<>();
        try (H2Storage storage = H2Storage.open(dir.resolve("db"));
             ExternalTrainers external = new ExternalTrainers(ExternalTrainers.Settings.defaults())) {
            List<Future<?>> running = new ArrayList<>();
            for (String worker : List.of("w1", "w2")) {
                PlantedExternalTrainer t = new PlantedExternalTrainer(PlantedExternalTrainer.direct(external), worker,
                        List.of(List.of("a", "b"), List.of("c")));
                trainers.add(t);
                running.add(threads.submit(t));
            }
            StudyLauncher launcher = external.forStudy(spec.name());
            SearchResult result = new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage,
                    launcher, dir.resolve("work"), false, listener).run();
            trainers.forEach(PlantedExternalTrainer::quit);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS); // a trainer that threw fails the test here
            }

            assertThat(result.status()).isEqualTo(SearchResult.Status.COMPLETE);
            List<String> done = new ArrayList<>();
            trainers.forEach(t -> done.addAll(t.done));
            assertThat(done).containsExactlyInAnyOrder("stl-a BASELINE TOLD", "stl-b BASELINE TOLD", "stl-c BASELINE TOLD",
                    "linear-a REFERENCE TOLD", "linear-b REFERENCE TOLD", "linear-c REFERENCE TOLD",
                    "affinity AFFINITY TOLD", "reference-hard_sharing REFERENCE TOLD",
                    "reference-task_specific REFERENCE TOLD", "trial-0 TRIAL TOLD", "trial-1 TRIAL TOLD",
                    "trial-2 TRIAL TOLD", "trial-3 TRIAL TOLD", "trial-4 TRIAL TOLD", "trial-5 TRIAL TOLD");
            assertThat(trainers).as("both trainers took part").allSatisfy(t -> assertThat(t.done).isNotEmpty());

            assertThat(result.baselines()).extracting(Baseline::value).as("1.0 alone, after 4 epochs of the planted curve")
                    .containsExactly(1.125, 1.125, 1.125);
            assertThat(result.affinity().get(0, 1)).isEqualTo(0.4);
            assertThat(result.candidates()).extracting(g -> g.groups())
                    .containsExactly(List.of(List.of("a", "b", "c")), List.of(List.of("a", "b"), List.of("c")));
            assertThat(result.references().get("hard_sharing").deltaM()).isCloseTo(-20.0, within(1e-6));
            List<TrialRecord> stored = storage.trials(result.studyId(), -1, List.of());
            assertThat(stored).hasSize(6).allMatch(t -> t.state() == TrialState.COMPLETE);
            assertThat(stored).allSatisfy(t -> assertThat(storage.trialTaskValues(t.id())).containsOnlyKeys(1L, 2L, 3L, 4L));
            assertThat(result.recommendation().layout()).isEqualTo("0x0[1x8[a,b],1x8[c]]");
            assertThat(result.recommendation().deltaM()).isCloseTo(20.0 / 3, within(1e-6));
            assertThat(PlainJson.read(stored.get(result.recommendation().trialNumber()).systemAttributes()
                    .get(TrialAttributes.LAYOUT))).isEqualTo("0x0[1x8[a,b],1x8[c]]");
        } finally {
            threads.shutdownNow();
        }
    }
}
