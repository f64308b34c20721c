package io.branchwise.storage.h2;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.StorageFailure;
import io.branchwise.storage.StudyRecord;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the journal is for: changes a client was told about survive a crash of the process even though H2 had not
 * stored them yet. A crash is H2's SHUTDOWN IMMEDIATELY, which drops the database without writing anything.
 */
class JournalRecoveryTest {
    private static final String FLOAT = "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 0.0, \"high\": 1.0, \"log\": false}}";
    private static final String INT = "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": false, \"step\": 1, \"low\": 1, \"high\": 8}}";

    @TempDir
    Path dir;

    /** Drops the open database the way kill -9 would: nothing in H2's memory reaches the file. */
    private static void crash(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection(H2Database.url(db), "", "");
             Statement s = c.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        }
    }

    private static Path mvFile(Path db) {
        return Path.of(db + ".mv.db");
    }

    private static long count(Path db, String table) throws SQLException {
        try (Connection c = H2Database.open(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The database file is copied while it holds only the study; the journal written after that is put beside the
     * copy. Whatever H2 stored in the background meanwhile, the copy can only get the trials from the journal.
     */
    @Test
    void everyAcknowledgedChangeIsReplayedOntoAnOlderDatabaseFile() throws Exception {
        Path live = dir.resolve("live/branchwise");
        Path copy = dir.resolve("copy/branchwise");
        long studyId;
        try (H2Storage storage = H2Storage.open(live)) {
            studyId = storage.createStudy("s", List.of(StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE));
        }
        Files.createDirectories(copy.getParent());
        Files.copy(mvFile(live), mvFile(copy));

        H2Storage storage = H2Storage.open(live);
        long done = storage.createTrial(studyId, null);
        storage.setTrialParameter(done, "x", 0.5, FLOAT);
        storage.setTrialParameter(done, "n", 3, INT);
        storage.setTrialIntermediateValue(done, 0, Double.NaN);
        storage.setTrialAttribute(done, AttributeScope.USER, "note", "\"\\u00fcn\"");
        storage.setTrialAttribute(done, AttributeScope.SYSTEM, "sys", "[1, 2.0]");
        assertThat(storage.setTrialStateValues(done, TrialState.COMPLETE, new double[]{0.25, -1.0})).isTrue();
        long waiting = storage.createTrial(studyId, new TrialRecord(-1, studyId, -1, TrialState.WAITING, List.of(),
                null, null, Map.of("x", 0.75), Map.of("x", FLOAT), Map.of(), Map.of("fixed_params", "{\"x\": 0.75}"),
                new TreeMap<>()));
        assertThat(storage.setTrialStateValues(waiting, TrialState.RUNNING, null)).isTrue();
        storage.setStudyAttribute(studyId, AttributeScope.USER, "k", "Infinity");
        long doomed = storage.createStudy("doomed", List.of(StudyDirection.MINIMIZE));
        long doomedTrial = storage.createTrial(doomed, null);
        storage.deleteStudy(doomed);
        List<TrialRecord> before = storage.trials(studyId, -1, List.of());
        List<StudyRecord> studiesBefore = storage.allStudies();

        crash(live);
        assertThatThrownBy(storage::close).as("the crashed database cannot checkpoint")
                .isInstanceOf(StorageFailure.class);
        Files.copy(H2Database.journalFile(live), H2Database.journalFile(copy));
        assertThat(count(copy, "trials")).as("the copied database file alone has no trials").isZero();

        try (H2Storage recovered = H2Storage.open(copy)) {
            assertThat(recovered.trials(studyId, -1, List.of())).isEqualTo(before);
            assertThat(recovered.allStudies()).isEqualTo(studiesBefore);
            assertThat(recovered.trial(waiting).state()).isEqualTo(TrialState.RUNNING);
            assertThat(Files.size(H2Database.journalFile(copy))).as("replayed, then checkpointed").isZero();

            long next = recovered.createTrial(studyId, null);
            assertThat(next).as("trial ids are not reused after a replay").isGreaterThan(doomedTrial);
            assertThat(recovered.trial(next).number()).isEqualTo(2);
            assertThat(recovered.createStudy("again", List.of(StudyDirection.MINIMIZE)))
                    .as("study ids are not reused after a replay").isGreaterThan(doomed);
            assertThat(recovered.setTrialStateValues(waiting, TrialState.RUNNING, null))
                    .as("the claim replayed, so a second claimer loses").isFalse();
        }
    }

    @Test
    void aCrashAfterRecoveryLosesNothingEither() throws Exception {
        Path db = dir.resolve("branchwise");
        H2Storage first = H2Storage.open(db);
        long study = first.createStudy("s", List.of(StudyDirection.MINIMIZE));
        long t0 = first.createTrial(study, null);
        first.setTrialStateValues(t0, TrialState.COMPLETE, new double[]{1.0});
        crash(db);
        assertThatThrownBy(first::close).isInstanceOf(StorageFailure.class);

        H2Storage second = H2Storage.open(db);
        long t1 = second.createTrial(study, null);
        second.setTrialStateValues(t1, TrialState.FAIL, null);
        crash(db);
        assertThatThrownBy(second::close).isInstanceOf(StorageFailure.class);

        try (H2Storage third = H2Storage.open(db)) {
            List<TrialRecord> trials = third.trials(study, -1, List.of());
            assertThat(trials).extracting(TrialRecord::id).containsExactly(t0, t1);
            assertThat(trials).extracting(TrialRecord::state).containsExactly(TrialState.COMPLETE, TrialState.FAIL);
            assertThat(trials.get(0).values()).containsExactly(1.0);
        }
    }

    /** A search's own data (tasks, per-task curves, baselines) goes through the journal like Optuna's. */
    @Test
    void multiTaskDataSurvivesACrash() throws Exception {
        Path db = dir.resolve("branchwise");
        H2Storage storage = H2Storage.open(db);
        long study = storage.createStudy("mtl", List.of(StudyDirection.MAXIMIZE));
        List<StudyTask> tasks = List.of(new StudyTask("a", "regression", "rmse", StudyDirection.MINIMIZE),
                new StudyTask("b", "binary", "auc", StudyDirection.MAXIMIZE));
        storage.setStudyTasks(study, tasks);
        long trial = storage.createTrial(study, null);
        storage.setTrialTaskValues(trial, 1, List.of(0.5, Double.NaN));
        storage.setTrialTaskValues(trial, 2, List.of(0.25, 0.75));
        storage.cacheBaseline("key", "{\"rmse\": 0.5}");
        storage.cacheBaseline("key", "{\"rmse\": 9}");
        crash(db);
        assertThatThrownBy(storage::close).isInstanceOf(StorageFailure.class);

        try (H2Storage recovered = H2Storage.open(db)) {
            assertThat(recovered.studyTasks(study)).isEqualTo(tasks);
            assertThat(recovered.trialTaskValues(trial))
                    .isEqualTo(new TreeMap<>(Map.of(1L, List.of(0.5, Double.NaN), 2L, List.of(0.25, 0.75))));
            assertThat(recovered.cachedBaseline("key")).as("the first baseline under a key is kept")
                    .contains("{\"rmse\": 0.5}");
        }
    }

    /** Megabyte attributes fill the journal past the checkpoint size; what follows the checkpoint is replayed. */
    @Test
    void aCheckpointEmptiesTheJournalAndKeepsEverything() throws Exception {
        Path db = dir.resolve("branchwise");
        String big = "\"" + "y".repeat(600_000) + "\"";
        H2Storage storage = H2Storage.open(db);
        long study = storage.createStudy("s", List.of(StudyDirection.MINIMIZE));
        long trial = storage.createTrial(study, null);
        long largest = 0;
        int attributes = 6;
        for (int i = 0; i < attributes; i++) {
            storage.setTrialAttribute(trial, AttributeScope.USER, "a" + i, big);
            largest = Math.max(largest, Files.size(H2Database.journalFile(db)));
        }
        assertThat(largest).isLessThan(Transactions.CHECKPOINT_BYTES + 2 * big.length() + 1024);
        assertThat(Files.size(H2Database.journalFile(db)))
                .as("the journal was emptied once it passed the checkpoint size")
                .isLessThan((long) attributes * 2 * big.length());
        crash(db);
        assertThatThrownBy(storage::close).isInstanceOf(StorageFailure.class);

        try (H2Storage recovered = H2Storage.open(db)) {
            Map<String, String> user = recovered.trial(trial).userAttributes();
            assertThat(user).hasSize(attributes);
            assertThat(user.values()).allMatch(big::equals);
        }
    }

    @Test
    void aCleanCloseLeavesAnEmptyJournal() throws Exception {
        Path db = dir.resolve("branchwise");
        try (H2Storage storage = H2Storage.open(db)) {
            long study = storage.createStudy("s", List.of(StudyDirection.MINIMIZE));
            storage.createTrial(study, null);
            assertThat(Files.size(H2Database.journalFile(db))).isPositive();
        }
        assertThat(Files.size(H2Database.journalFile(db))).isZero();
        assertThat(count(db, "trials")).isEqualTo(1);
    }
}
