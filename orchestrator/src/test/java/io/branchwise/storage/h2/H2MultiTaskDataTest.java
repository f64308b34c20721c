package io.branchwise.storage.h2;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.StorageException;
import io.branchwise.storage.StudyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The storage's multi-task additions: study tasks, per-task vectors per step, and the baseline cache. */
class H2MultiTaskDataTest {
    @TempDir
    Path dir;

    private static final List<StudyTask> TASKS = List.of(
            new StudyTask("item", "multiclass", "accuracy", StudyDirection.MAXIMIZE),
            new StudyTask("price", "regression", "rmse", StudyDirection.MINIMIZE));

    @Test
    void studyTasksAreSetOnceAndSurviveARestart() {
        Path db = dir.resolve("tasks");
        long study;
        try (H2Storage storage = H2Storage.open(db)) {
            study = storage.createStudy("s", List.of(StudyDirection.MAXIMIZE));
            assertThat(storage.studyTasks(study)).isEmpty();
            storage.setStudyTasks(study, TASKS);
            storage.setStudyTasks(study, TASKS); // the same again is fine
            assertThatThrownBy(() -> storage.setStudyTasks(study, TASKS.subList(0, 1)))
                    .isInstanceOf(StorageException.InvalidInput.class).hasMessageContaining("cannot change");
            assertThatThrownBy(() -> storage.setStudyTasks(study, List.of(TASKS.get(0), TASKS.get(0))))
                    .isInstanceOf(StorageException.InvalidInput.class).hasMessageContaining("distinct");
        }
        try (H2Storage storage = H2Storage.open(db)) {
            assertThat(storage.studyTasks(study)).isEqualTo(TASKS);
            assertThatThrownBy(() -> storage.studyTasks(study + 100)).isInstanceOf(StorageException.NotFound.class);
        }
    }

    @Test
    void taskVectorsAreStoredPerStepInTaskOrderAndNaNIsKept() {
        try (H2Storage storage = H2Storage.open(dir.resolve("vectors"))) {
            long study = storage.createStudy("s", List.of(StudyDirection.MAXIMIZE));
            storage.setStudyTasks(study, TASKS);
            long trial = storage.createTrial(study, null);
            storage.setTrialTaskValues(trial, 2, List.of(0.5, Double.NaN));
            storage.setTrialTaskValues(trial, 1, List.of(0.25, 3.0));
            storage.setTrialTaskValues(trial, 2, List.of(0.75, 2.0)); // a step reported again replaces its vector
            var values = storage.trialTaskValues(trial);
            assertThat(values.keySet()).containsExactly(1L, 2L);
            assertThat(values.get(1L)).containsExactly(0.25, 3.0);
            assertThat(values.get(2L)).containsExactly(0.75, 2.0);
            storage.setTrialTaskValues(trial, 3, List.of(0.5, Double.NaN));
            assertThat(storage.trialTaskValues(trial).get(3L).get(1)).isNaN();
        }
    }

    @Test
    void badTaskVectorsChangeNothing() {
        try (H2Storage storage = H2Storage.open(dir.resolve("bad"))) {
            long study = storage.createStudy("s", List.of(StudyDirection.MAXIMIZE));
            storage.setStudyTasks(study, TASKS);
            long trial = storage.createTrial(study, null);
            storage.setTrialTaskValues(trial, 1, List.of(1.0, 2.0));
            assertThatThrownBy(() -> storage.setTrialTaskValues(trial, 2, List.of(1.0)))
                    .isInstanceOf(StorageException.InvalidInput.class).hasMessageContaining("2 tasks");
            assertThatThrownBy(() -> storage.setTrialTaskValues(trial + 100, 1, List.of(1.0, 2.0)))
                    .isInstanceOf(StorageException.NotFound.class);
            storage.setTrialStateValues(trial, TrialState.COMPLETE, new double[]{1.0});
            assertThatThrownBy(() -> storage.setTrialTaskValues(trial, 2, List.of(1.0, 2.0)))
                    .isInstanceOf(StorageException.TrialFinished.class);
            assertThat(storage.trialTaskValues(trial).keySet()).containsExactly(1L);
        }
    }

    @Test
    void theFirstBaselineStoredUnderAKeyIsKeptAcrossStudiesAndRestarts() {
        Path db = dir.resolve("cache");
        try (H2Storage storage = H2Storage.open(db)) {
            assertThat(storage.cachedBaseline("stl-1")).isEmpty();
            storage.cacheBaseline("stl-1", "{\"value\": 1.5}");
            storage.cacheBaseline("stl-1", "{\"value\": 9.0}");
            assertThatThrownBy(() -> storage.cacheBaseline("stl-2", "{not json"))
                    .isInstanceOf(StorageException.InvalidInput.class);
            long study = storage.createStudy("s", List.of(StudyDirection.MAXIMIZE));
            storage.deleteStudy(study);
        }
        try (H2Storage storage = H2Storage.open(db)) {
            assertThat(storage.cachedBaseline("stl-1")).contains("{\"value\": 1.5}");
            assertThat(storage.cachedBaseline("stl-2")).isEmpty();
        }
    }
}
