package io.branchwise.storage.h2;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.DistributionCompatibility;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.PythonDatetime;
import io.branchwise.storage.Storage;
import io.branchwise.storage.StorageException;
import io.branchwise.storage.StorageFailure;
import io.branchwise.storage.StorageInput;
import io.branchwise.storage.StudyRecord;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.query.StudyHistory;
import io.branchwise.storage.query.StudySummary;
import io.branchwise.storage.query.TrialPage;
import io.branchwise.storage.query.TrialPageRequest;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link Storage} on an embedded H2 file database. This class decides: it checks each request against the stored
 * state and turns an accepted write into a {@link Change} with every id, number and timestamp chosen.
 * {@link Transactions} runs the operations one at a time and makes the changes durable through the
 * {@link Journal}; {@link ChangeWriter} writes them into the tables; reads come from the {@link TrialCache} or
 * the {@link TrialReader}.
 */
public final class H2Storage implements Storage {
    /** Trials kept in memory (see {@link TrialCache}): a few kilobytes each at most for typical studies. */
    static final int CACHED_TRIALS = 10_000;

    private final Statements sql;
    private final TrialReader reader;
    private final MultiTaskReader multiTask;
    private final TrialCache cache;
    private final ParsedDistributions distributions = new ParsedDistributions();
    private final Transactions transactions;
    private final BrowseQueries browse = new BrowseQueries();

    private H2Storage(Statements sql, TrialCache cache, Transactions transactions) {
        this.sql = sql;
        this.reader = new TrialReader(sql);
        this.multiTask = new MultiTaskReader(sql);
        this.cache = cache;
        this.transactions = transactions;
    }

    public static H2Storage open(Path databaseFile) {
        return open(databaseFile, CACHED_TRIALS);
    }

    /** With a chosen cache size: tests use a tiny one so that trials keep leaving and coming back. */
    static H2Storage open(Path databaseFile, int cachedTrials) {
        Connection connection = null;
        Journal journal = null;
        try {
            connection = H2Database.open(databaseFile);
            journal = Journal.open(H2Database.journalFile(databaseFile));
            Statements sql = new Statements(connection);
            ChangeWriter writer = new ChangeWriter(sql);
            Recovery.Result recovered = new Recovery(sql, writer, journal).replay();
            TrialCache cache = new TrialCache(cachedTrials);
            Transactions transactions = new Transactions(sql, journal, writer, cache, recovered.lastApplied());
            if (journal.size() > 0) {
                transactions.checkpoint();
            }
            return new H2Storage(sql, cache, transactions);
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(connection, journal);
            throw new StorageFailure("cannot open the database " + databaseFile.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    // ---- studies ------------------------------------------------------------------------------------------

    @Override
    public long createStudy(String name, List<StudyDirection> directions) {
        StorageInput.studyName(name);
        StorageInput.directions(directions);
        return transaction(() -> {
            try (ResultSet rs = sql.bound("SELECT 1 FROM studies WHERE study_name = ?", name).executeQuery()) {
                if (rs.next()) {
                    throw new StorageException.DuplicateStudy(name);
                }
            }
            long id = nextId("study_ids");
            record(new Change.StudyCreated(id, name, List.copyOf(directions), System.currentTimeMillis()));
            return id;
        });
    }

    @Override
    public void deleteStudy(long studyId) {
        transaction(() -> {
            requireStudy(studyId);
            record(new Change.StudyDeleted(studyId));
            return null;
        });
    }

    @Override
    public void setStudyAttribute(long studyId, AttributeScope scope, String key, String jsonValue) {
        StorageInput.attributeJson(scope.name().toLowerCase() + " attribute of study " + studyId, key, jsonValue);
        transaction(() -> {
            requireStudy(studyId);
            record(new Change.StudyAttributeSet(studyId, scope, key, jsonValue));
            return null;
        });
    }

    @Override
    public long studyIdByName(String name) {
        return transaction(() -> {
            PreparedStatement query = sql.bound("SELECT study_id FROM studies WHERE study_name = ?", name);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new StorageException.NotFound("no study named \"" + name + "\"");
                }
                return rs.getLong(1);
            }
        });
    }

    @Override
    public StudyRecord study(long studyId) {
        return transaction(() -> {
            PreparedStatement query = sql.bound("SELECT study_name, directions FROM studies WHERE study_id = ?",
                    studyId);
            String name;
            String directions;
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw studyNotFound(studyId);
                }
                name = rs.getString(1);
                directions = rs.getString(2);
            }
            Map<String, String> user = new LinkedHashMap<>();
            Map<String, String> system = new LinkedHashMap<>();
            PreparedStatement attrs = sql.bound(
                    "SELECT is_system, attr_key, attr_json FROM study_attributes WHERE study_id = ?", studyId);
            try (ResultSet rs = attrs.executeQuery()) {
                while (rs.next()) {
                    (rs.getBoolean(1) ? system : user).put(rs.getString(2), rs.getString(3));
                }
            }
            return new StudyRecord(studyId, name, parseDirections(directions), user, system);
        });
    }

    @Override
    public List<StudyRecord> allStudies() {
        return transaction(() -> {
            Map<Long, String[]> rows = new LinkedHashMap<>();
            try (ResultSet rs = sql.get("SELECT study_id, study_name, directions FROM studies ORDER BY study_id")
                    .executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), new String[]{rs.getString(2), rs.getString(3)});
                }
            }
            Map<Long, Map<String, String>> user = new HashMap<>();
            Map<Long, Map<String, String>> system = new HashMap<>();
            try (ResultSet rs = sql.get("SELECT study_id, is_system, attr_key, attr_json FROM study_attributes")
                    .executeQuery()) {
                while (rs.next()) {
                    (rs.getBoolean(2) ? system : user).computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(3), rs.getString(4));
                }
            }
            List<StudyRecord> studies = new ArrayList<>(rows.size());
            rows.forEach((id, row) -> studies.add(new StudyRecord(id, row[0], parseDirections(row[1]),
                    user.getOrDefault(id, Map.of()), system.getOrDefault(id, Map.of()))));
            return studies;
        });
    }

    // ---- trials -------------------------------------------------------------------------------------------

    @Override
    public long createTrial(long studyId, TrialRecord template) {
        Map<String, Distribution> templateDistributions = template == null ? Map.of() : validTemplate(template);
        return transaction(() -> {
            long number;
            try (ResultSet rs = sql.bound("SELECT next_number FROM studies WHERE study_id = ?", studyId)
                    .executeQuery()) {
                if (!rs.next()) {
                    throw studyNotFound(studyId);
                }
                number = rs.getLong(1);
            }
            for (Map.Entry<String, Distribution> e : templateDistributions.entrySet()) {
                checkStudyDistribution(studyId, e.getKey(), e.getValue());
            }
            if (template != null && template.values() != null) {
                StorageInput.values("the template trial", template.values().size(), directionCount(studyId));
            }
            long trialId = nextId("trial_ids");
            TrialRecord trial = template == null
                    ? new TrialRecord(trialId, studyId, number, TrialState.RUNNING, List.of(), PythonDatetime.now(),
                            null, Map.of(), Map.of(), Map.of(), Map.of(), new TreeMap<>())
                    : new TrialRecord(trialId, studyId, number, template.state(), template.values(),
                            template.datetimeStart(), template.datetimeComplete(), template.params(),
                            template.distributions(), template.userAttributes(), template.systemAttributes(),
                            template.intermediateValues());
            record(new Change.TrialCreated(trial));
            return trialId;
        });
    }

    /** Checks a template completely before anything is written, and parses its distributions once. */
    private static Map<String, Distribution> validTemplate(TrialRecord template) {
        if (template.state() == null) {
            throw new StorageException.InvalidInput("template trial has no state");
        }
        StorageInput.datetime("template datetime_start", template.datetimeStart());
        StorageInput.datetime("template datetime_complete", template.datetimeComplete());
        if (!template.params().keySet().equals(template.distributions().keySet())) {
            throw new StorageException.InvalidInput("template trial params " + template.params().keySet()
                    + " and distributions " + template.distributions().keySet() + " must have the same names");
        }
        template.userAttributes().forEach((k, v) -> StorageInput.attributeJson("user attribute of the template", k, v));
        template.systemAttributes().forEach(
                (k, v) -> StorageInput.attributeJson("system attribute of the template", k, v));
        Map<String, Distribution> parsed = new LinkedHashMap<>();
        template.distributions().forEach((name, json) -> parsed.put(name, StorageInput.distribution(name, json)));
        template.params().forEach((name, value) -> StorageInput.parameterValue(name, value, parsed.get(name)));
        return parsed;
    }

    @Override
    public void setTrialParameter(long trialId, String name, double internalValue, String distributionJson) {
        if (name == null) {
            throw new StorageException.InvalidInput("parameter name must not be null");
        }
        transaction(() -> {
            long studyId = requireUpdatableTrial(trialId);
            Distribution distribution = distributions.parse(name, distributionJson);
            StorageInput.parameterValue(name, internalValue, distribution);
            checkStudyDistribution(studyId, name, distribution);
            record(new Change.TrialParameterSet(studyId, trialId, name, internalValue, distributionJson));
            return null;
        });
    }

    @Override
    public long trialIdByNumber(long studyId, long number) {
        return transaction(() -> {
            requireStudy(studyId);
            PreparedStatement query = sql.bound(
                    "SELECT trial_id FROM trials WHERE study_id = ? AND number = ?", studyId, number);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new StorageException.NotFound("study " + studyId + " has no trial number " + number);
                }
                return rs.getLong(1);
            }
        });
    }

    @Override
    public boolean setTrialStateValues(long trialId, TrialState state, double[] values) {
        if (state == null) {
            throw new StorageException.InvalidInput("trial state must not be null");
        }
        return transaction(() -> {
            TrialState current = trialState(trialId);
            if (current.isFinished()) {
                throw new StorageException.TrialFinished(trialId, current.name());
            }
            if (state == TrialState.RUNNING && current != TrialState.WAITING) {
                return false;
            }
            double[] kept = values == null ? new double[0] : values.clone();
            StorageInput.values("trial " + trialId, kept.length, directionCount(cachedTrial(trialId).studyId()));
            record(new Change.TrialStateSet(trialId, state, kept, PythonDatetime.now()));
            return true;
        });
    }

    @Override
    public void setTrialIntermediateValue(long trialId, long step, double value) {
        transaction(() -> {
            requireUpdatableTrial(trialId);
            record(new Change.IntermediateValueSet(trialId, step, value));
            return null;
        });
    }

    @Override
    public void setTrialAttribute(long trialId, AttributeScope scope, String key, String jsonValue) {
        StorageInput.attributeJson(scope.name().toLowerCase() + " attribute of trial " + trialId, key, jsonValue);
        transaction(() -> {
            requireUpdatableTrial(trialId);
            record(new Change.TrialAttributeSet(trialId, scope, key, jsonValue));
            return null;
        });
    }

    @Override
    public TrialRecord trial(long trialId) {
        return transaction(() -> {
            TrialRecord trial = cachedTrial(trialId);
            if (trial == null) {
                throw trialNotFound(trialId);
            }
            return trial;
        });
    }

    /**
     * Two index lookups rather than one OR query: H2 cannot use an index for {@code id > ? OR id = ANY(?)} and
     * would scan the whole study on every call, making each trial of a long study slower than the last. Whole
     * trials come from the cache where it has them, and the rest are read in one batch.
     */
    @Override
    public List<TrialRecord> trials(long studyId, long idGreaterThan, Collection<Long> includedIds) {
        return transaction(() -> {
            requireStudy(studyId);
            TreeSet<Long> wanted = new TreeSet<>(reader.idsAfter(studyId, idGreaterThan));
            wanted.addAll(includedIds);
            // Take what the cache has before loading the rest: loading may push cached trials out of it.
            Map<Long, TrialRecord> found = new HashMap<>();
            List<Long> missing = new ArrayList<>();
            for (long id : wanted) {
                TrialRecord cached = cache.get(id);
                if (cached == null) {
                    missing.add(id);
                } else {
                    found.put(id, cached);
                }
            }
            if (!missing.isEmpty()) {
                Map<Long, TrialRecord> loaded = reader.load(missing);
                loaded.values().forEach(cache::put);
                found.putAll(loaded);
            }
            List<TrialRecord> records = new ArrayList<>(wanted.size());
            for (long id : wanted) {
                TrialRecord trial = found.get(id);
                if (trial != null && trial.studyId() == studyId) {
                    records.add(trial);
                }
            }
            return records;
        });
    }

    // ---- multi-task data -----------------------------------------------------------------------------------

    @Override
    public void setStudyTasks(long studyId, List<StudyTask> tasks) {
        if (tasks == null || tasks.isEmpty()) {
            throw new StorageException.InvalidInput("a multi-task study needs at least one task");
        }
        tasks.forEach(t -> StorageInput.text("task name", t.name()));
        if (tasks.stream().map(StudyTask::name).distinct().count() != tasks.size()) {
            throw new StorageException.InvalidInput("task names of a study must be distinct: "
                    + tasks.stream().map(StudyTask::name).toList());
        }
        transaction(() -> {
            requireStudy(studyId);
            List<StudyTask> current = multiTask.studyTasks(studyId);
            if (!current.isEmpty()) {
                if (!current.equals(tasks)) {
                    throw new StorageException.InvalidInput("study " + studyId + " already has the tasks " + current
                            + "; they cannot change");
                }
                return null;
            }
            record(new Change.StudyTasksSet(studyId, List.copyOf(tasks)));
            return null;
        });
    }

    @Override
    public List<StudyTask> studyTasks(long studyId) {
        return transaction(() -> {
            requireStudy(studyId);
            return multiTask.studyTasks(studyId);
        });
    }

    @Override
    public void setTrialTaskValues(long trialId, long step, List<Double> values) {
        if (values == null || values.stream().anyMatch(Objects::isNull)) {
            throw new StorageException.InvalidInput("task values of trial " + trialId + " must be numbers");
        }
        transaction(() -> {
            long studyId = requireUpdatableTrial(trialId);
            int tasks = multiTask.studyTasks(studyId).size();
            if (values.size() != tasks) {
                throw new StorageException.InvalidInput("trial " + trialId + " got " + values.size()
                        + " task values at step " + step + "; its study has " + tasks + " tasks");
            }
            record(new Change.TrialTaskValuesSet(trialId, step, List.copyOf(values)));
            return null;
        });
    }

    @Override
    public NavigableMap<Long, List<Double>> trialTaskValues(long trialId) {
        return transaction(() -> {
            trialState(trialId);
            return multiTask.taskValues(trialId);
        });
    }

    @Override
    public void cacheBaseline(String key, String json) {
        if (key == null || key.isEmpty() || key.length() > 128) {
            throw new StorageException.InvalidInput("a baseline key must have 1 to 128 characters");
        }
        StorageInput.attributeJson("baseline", key, json);
        transaction(() -> {
            if (multiTask.cachedBaseline(key).isEmpty()) {
                record(new Change.BaselineCached(key, json, System.currentTimeMillis()));
            }
            return null;
        });
    }

    @Override
    public Optional<String> cachedBaseline(String key) {
        return transaction(() -> multiTask.cachedBaseline(key));
    }

    @Override
    public void close() {
        transactions.close();
    }

    private <T> T transaction(Transactions.Work<T> work) {
        return transactions.run(work);
    }

    private void record(Change change) throws SQLException {
        transactions.record(change);
    }

    private static void closeQuietly(Connection connection, Journal journal) {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // already failing; the open error is the one to report
        }
        try {
            if (journal != null) {
                journal.close();
            }
        } catch (IOException ignored) {
            // already failing; the open error is the one to report
        }
    }

    // ---- browsing (the SQL lives in BrowseQueries) ---------------------------------------------------------

    @Override
    public List<StudySummary> studySummaries(Collection<String> systemAttributeKeys, String maxTrialAttribute) {
        return transaction(() -> browse.summaries(sql.connection(), null, systemAttributeKeys, maxTrialAttribute));
    }

    @Override
    public StudySummary studySummary(long studyId, Collection<String> systemAttributeKeys, String maxTrialAttribute) {
        return transaction(() -> browse.summaries(sql.connection(), studyId, systemAttributeKeys, maxTrialAttribute)
                .get(0));
    }

    @Override
    public TrialPage trialPage(long studyId, TrialPageRequest request) {
        return transaction(() -> browse.page(sql.connection(), studyId, request));
    }

    @Override
    public StudyHistory history(long studyId) {
        return transaction(() -> browse.history(sql.connection(), studyId));
    }

    // ---- reads that decide --------------------------------------------------------------------------------

    private long nextId(String sequence) throws SQLException {
        try (ResultSet rs = sql.get("SELECT NEXT VALUE FOR " + sequence).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void requireStudy(long studyId) throws SQLException {
        try (ResultSet rs = sql.bound("SELECT 1 FROM studies WHERE study_id = ?", studyId).executeQuery()) {
            if (!rs.next()) {
                throw studyNotFound(studyId);
            }
        }
    }

    /** The trial from the cache, or read from the tables into it; null if there is no such trial. */
    private TrialRecord cachedTrial(long trialId) throws SQLException {
        TrialRecord trial = cache.get(trialId);
        if (trial == null) {
            trial = reader.load(List.of(trialId)).get(trialId);
            if (trial != null) {
                cache.put(trial);
            }
        }
        return trial;
    }

    private TrialState trialState(long trialId) throws SQLException {
        TrialRecord trial = cachedTrial(trialId);
        if (trial == null) {
            throw trialNotFound(trialId);
        }
        return trial.state();
    }

    private int directionCount(long studyId) throws SQLException {
        try (ResultSet rs = sql.bound("SELECT directions FROM studies WHERE study_id = ?", studyId).executeQuery()) {
            if (!rs.next()) {
                throw studyNotFound(studyId);
            }
            return parseDirections(rs.getString(1)).size();
        }
    }

    /** Returns the trial's study id, or throws if the trial is unknown or already finished. */
    private long requireUpdatableTrial(long trialId) throws SQLException {
        TrialRecord trial = cachedTrial(trialId);
        if (trial == null) {
            throw trialNotFound(trialId);
        }
        if (trial.state().isFinished()) {
            throw new StorageException.TrialFinished(trialId, trial.state().name());
        }
        return trial.studyId();
    }

    /** The first distribution of a name fixes its kind for the whole study; later ones must be compatible. */
    private void checkStudyDistribution(long studyId, String name, Distribution distribution) throws SQLException {
        PreparedStatement query = sql.bound("SELECT distribution FROM study_param_distributions"
                + " WHERE study_id = ? AND param_name = ?", studyId, name);
        try (ResultSet rs = query.executeQuery()) {
            if (rs.next()) {
                Distribution recorded = distributions.parse(name, rs.getString(1));
                try {
                    DistributionCompatibility.check(recorded, distribution);
                } catch (IllegalArgumentException e) {
                    throw new StorageException.InvalidInput("parameter \"" + name + "\" of study " + studyId
                            + ": " + e.getMessage());
                }
            }
        }
    }

    private static List<StudyDirection> parseDirections(String text) {
        return Arrays.stream(text.split(",")).map(StudyDirection::valueOf).toList();
    }

    private static StorageException studyNotFound(long studyId) {
        return new StorageException.NotFound("no study with id " + studyId);
    }

    private static StorageException trialNotFound(long trialId) {
        return new StorageException.NotFound("no trial with id " + trialId);
    }
}
