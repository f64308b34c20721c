package io.branchwise.storage.h2;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.StorageException;
import io.branchwise.storage.TrialRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads are answered from {@link TrialCache} where it has the trial; they must always equal what the tables say.
 * A seeded random mix of every kind of write (including refused ones and deleted studies) runs against the storage,
 * and after each step every trial is compared with a read of the tables over a second connection. With a cache of
 * three trials, trials keep leaving the cache and coming back from the tables.
 */
class TrialCacheTest {
    private static final String FLOAT = "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 0.0, \"high\": 1.0, \"log\": false}}";
    private static final String INT = "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": false, \"step\": 1, \"low\": 1, \"high\": 8}}";
    private static final TrialState[] STATES = TrialState.values();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "cache of {0} trials")
    @ValueSource(ints = {3, 10_000})
    void everyReadEqualsTheTables(int cachedTrials) throws SQLException {
        Path db = dir.resolve("branchwise");
        Random random = new Random(20260823L + cachedTrials);
        try (H2Storage storage = H2Storage.open(db, cachedTrials);
             Connection second = DriverManager.getConnection(H2Database.url(db), "", "")) {
            TrialReader tables = new TrialReader(new Statements(second));
            long study = storage.createStudy("s", List.of(StudyDirection.MINIMIZE));
            long other = storage.createStudy("other", List.of(StudyDirection.MAXIMIZE));
            List<Long> trials = new ArrayList<>();
            List<Long> otherTrials = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                int op = random.nextInt(10);
                long trial = trials.isEmpty() ? -1 : trials.get(random.nextInt(trials.size()));
                try {
                    switch (op) {
                        case 0 -> trials.add(storage.createTrial(study, null));
                        case 1 -> trials.add(storage.createTrial(study, new TrialRecord(-1, study, -1,
                                random.nextBoolean() ? TrialState.WAITING : TrialState.COMPLETE,
                                random.nextBoolean() ? List.of() : List.of(random.nextDouble()),
                                null, null, Map.of("x", random.nextDouble()), Map.of("x", FLOAT),
                                Map.of("u", "1"), Map.of("fixed_params", "{\"x\": 0.5}"),
                                new TreeMap<>(Map.of(0L, random.nextDouble())))));
                        case 2 -> storage.setTrialParameter(trial, random.nextBoolean() ? "x" : "n",
                                random.nextInt(8), random.nextBoolean() ? FLOAT : INT);
                        case 3 -> storage.setTrialIntermediateValue(trial, random.nextInt(4), random.nextDouble());
                        case 4 -> storage.setTrialAttribute(trial, random.nextBoolean() ? AttributeScope.USER
                                : AttributeScope.SYSTEM, "k" + random.nextInt(3), Integer.toString(step));
                        case 5, 6 -> storage.setTrialStateValues(trial, STATES[random.nextInt(STATES.length)],
                                random.nextBoolean() ? new double[0] : new double[]{random.nextDouble()});
                        case 7 -> otherTrials.add(storage.createTrial(other, null));
                        case 8 -> storage.trials(study, random.nextInt(trials.size() + 1) - 1,
                                trials.isEmpty() ? List.of() : List.of(trial));
                        default -> {
                            if (random.nextInt(10) == 0) {
                                storage.deleteStudy(other);
                                other = storage.createStudy("other-" + step, List.of(StudyDirection.MAXIMIZE));
                            }
                        }
                    }
                } catch (StorageException refused) {
                    // Finished trials, incompatible distributions: refused, and must have changed nothing.
                }
                assertEqualToTables(storage, tables, study, trials);
            }
            for (long gone : otherTrials) {
                if (tables.load(List.of(gone)).isEmpty()) {
                    assertThatThrownBy(() -> storage.trial(gone)).isInstanceOf(StorageException.NotFound.class);
                }
            }
        }
    }

    private static void assertEqualToTables(H2Storage storage, TrialReader tables, long study, List<Long> trials)
            throws SQLException {
        Map<Long, TrialRecord> fromTables = tables.load(trials);
        for (long id : trials) {
            assertThat(storage.trial(id)).as("trial " + id).isEqualTo(fromTables.get(id));
        }
        assertThat(storage.trials(study, -1, List.of())).containsExactlyElementsOf(fromTables.values());
    }
}
