package io.branchwise.storage.h2;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class H2StorageTest {
    @TempDir
    Path dir;

    @Test
    void idsAreNeverReusedAcrossDeletesAndRestarts() {
        Path db = dir.resolve("ids");
        long study;
        long trial;
        try (H2Storage storage = H2Storage.open(db)) {
            study = storage.createStudy("a", List.of(StudyDirection.MINIMIZE));
            trial = storage.createTrial(study, null);
            storage.deleteStudy(study);
        }
        try (H2Storage storage = H2Storage.open(db)) {
            long again = storage.createStudy("a", List.of(StudyDirection.MINIMIZE));
            assertThat(again).isGreaterThan(study);
            assertThat(storage.createTrial(again, null)).isGreaterThan(trial);
            assertThat(storage.trial(storage.trialIdByNumber(again, 0)).state()).isEqualTo(TrialState.RUNNING);
        }
    }

    /** The multi-task tables exist from the first migration and go away with their study, like Optuna's. */
    @Test
    void multiTaskRowsFollowTheirStudy() throws SQLException {
        Path db = dir.resolve("mtl");
        long study;
        long trial;
        try (H2Storage storage = H2Storage.open(db)) {
            study = storage.createStudy("mtl", List.of(StudyDirection.MAXIMIZE));
            trial = storage.createTrial(study, null);
        }
        try (Connection c = H2Database.open(db); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO study_tasks VALUES (" + study + ", 0, 'item', 'multiclass', 'accuracy', 'MAXIMIZE')");
            s.executeUpdate("INSERT INTO study_tasks VALUES (" + study + ", 1, 'group', 'multiclass', 'macro_f1', 'MAXIMIZE')");
            s.executeUpdate("INSERT INTO study_searches VALUES (" + study + ", '{}', 'RUNNING', CURRENT_TIMESTAMP)");
            s.executeUpdate("INSERT INTO trial_task_values VALUES (" + trial + ", 0, 0, 0.81), (" + trial + ", 0, 1, 0.64)");
            c.commit();
        }
        try (H2Storage storage = H2Storage.open(db)) {
            storage.deleteStudy(study);
        }
        try (Connection c = H2Database.open(db); Statement s = c.createStatement()) {
            for (String table : List.of("study_tasks", "study_searches", "trial_task_values", "trials")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(table).isZero();
                }
            }
        }
    }
}
