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

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * {@link Storage} on an embedded H2 file database.
 *
 * <p>One connection, one lock: every operation is a transaction run while holding the lock. That makes each
 * operation linearizable and gives the id-visibility guarantee Optuna's client cache needs (an id is allocated
 * and its row inserted before any other operation can run) without relying on isolation-level subtleties.
 * Embedded H2 answers in microseconds, so the lock is not the bottleneck on a 2-core machine; the benchmark
 * command measures it.
 */
public final class H2Storage implements Storage {
    private static final String TRIAL_COLUMNS =
            "trial_id, study_id, number, state, datetime_start, datetime_complete";

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final BrowseQueries browse = new BrowseQueries();

    private H2Storage(Connection connection) {
        this.connection = connection;
    }

    public static H2Storage open(Path databaseFile) {
        try {
            return new H2Storage(H2Database.open(databaseFile));
        } catch (SQLException | RuntimeException e) {
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
            PreparedStatement exists = bound("SELECT 1 FROM studies WHERE study_name = ?", name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    throw new StorageException.DuplicateStudy(name);
                }
            }
            long id = nextId("study_ids");
            update("INSERT INTO studies (study_id, study_name, directions, created_at) VALUES (?, ?, ?, ?)", id, name,
                    directions.stream().map(Enum::name).collect(Collectors.joining(",")),
                    new Timestamp(System.currentTimeMillis()));
            return id;
        });
    }

    @Override
    public void deleteStudy(long studyId) {
        transaction(() -> {
            PreparedStatement delete = bound("DELETE FROM studies WHERE study_id = ?", studyId);
            if (delete.executeUpdate() == 0) {
                throw studyNotFound(studyId);
            }
            return null;
        });
    }

    @Override
    public void setStudyAttribute(long studyId, AttributeScope scope, String key, String jsonValue) {
        StorageInput.attributeJson(scope.name().toLowerCase() + " attribute of study " + studyId, key, jsonValue);
        transaction(() -> {
            requireStudy(studyId);
            update("MERGE INTO study_attributes (study_id, is_system, attr_key, attr_json)"
                    + " KEY (study_id, is_system, attr_key) VALUES (?, ?, ?, ?)",
                    studyId, scope == AttributeScope.SYSTEM, key, jsonValue);
            return null;
        });
    }

    @Override
    public long studyIdByName(String name) {
        return transaction(() -> {
            PreparedStatement query = bound("SELECT study_id FROM studies WHERE study_name = ?", name);
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
            PreparedStatement query = bound("SELECT study_name, directions FROM studies WHERE study_id = ?", studyId);
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
            PreparedStatement attrs = bound(
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
            try (ResultSet rs = statement("SELECT study_id, study_name, directions FROM studies ORDER BY study_id")
                    .executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), new String[]{rs.getString(2), rs.getString(3)});
                }
            }
            Map<Long, Map<String, String>> user = new HashMap<>();
            Map<Long, Map<String, String>> system = new HashMap<>();
            try (ResultSet rs = statement("SELECT study_id, is_system, attr_key, attr_json FROM study_attributes")
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
            PreparedStatement numberQuery = bound("SELECT next_number FROM studies WHERE study_id = ?", studyId);
            long number;
            try (ResultSet rs = numberQuery.executeQuery()) {
                if (!rs.next()) {
                    throw studyNotFound(studyId);
                }
                number = rs.getLong(1);
            }
            for (Map.Entry<String, Distribution> e : templateDistributions.entrySet()) {
                recordStudyDistribution(studyId, e.getKey(), e.getValue(), template.distributions().get(e.getKey()));
            }
            update("UPDATE studies SET next_number = next_number + 1 WHERE study_id = ?", studyId);

            long trialId = nextId("trial_ids");
            String insertTrial = "INSERT INTO trials (" + TRIAL_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
            if (template == null) {
                update(insertTrial, trialId, studyId, number, TrialState.RUNNING.name(), PythonDatetime.now(), null);
                return trialId;
            }
            update(insertTrial, trialId, studyId, number, template.state().name(), template.datetimeStart(),
                    template.datetimeComplete());
            replaceValues(trialId, template.values().stream().mapToDouble(Double::doubleValue).toArray());
            for (Map.Entry<String, Double> p : template.params().entrySet()) {
                upsertParam(trialId, p.getKey(), p.getValue(), template.distributions().get(p.getKey()));
            }
            for (Map.Entry<String, String> a : template.userAttributes().entrySet()) {
                upsertTrialAttribute(trialId, AttributeScope.USER, a.getKey(), a.getValue());
            }
            for (Map.Entry<String, String> a : template.systemAttributes().entrySet()) {
                upsertTrialAttribute(trialId, AttributeScope.SYSTEM, a.getKey(), a.getValue());
            }
            for (Map.Entry<Long, Double> iv : template.intermediateValues().entrySet()) {
                upsertIntermediate(trialId, iv.getKey(), iv.getValue());
            }
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
        return parsed;
    }

    @Override
    public void setTrialParameter(long trialId, String name, double internalValue, String distributionJson) {
        if (name == null) {
            throw new StorageException.InvalidInput("parameter name must not be null");
        }
        transaction(() -> {
            long studyId = requireUpdatableTrial(trialId);
            Distribution distribution = StorageInput.distribution(name, distributionJson);
            recordStudyDistribution(studyId, name, distribution, distributionJson);
            upsertParam(trialId, name, internalValue, distributionJson);
            return null;
        });
    }

    @Override
    public long trialIdByNumber(long studyId, long number) {
        return transaction(() -> {
            requireStudy(studyId);
            PreparedStatement query = bound(
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
            String now = PythonDatetime.now();
            update("UPDATE trials SET state = ?,"
                    + " datetime_start = CASE WHEN ? THEN ? ELSE datetime_start END,"
                    + " datetime_complete = CASE WHEN ? THEN ? ELSE datetime_complete END WHERE trial_id = ?",
                    state.name(), state == TrialState.RUNNING, now, state.isFinished(), now, trialId);
            if (values != null && values.length > 0) {
                replaceValues(trialId, values);
            }
            return true;
        });
    }

    @Override
    public void setTrialIntermediateValue(long trialId, long step, double value) {
        transaction(() -> {
            requireUpdatableTrial(trialId);
            upsertIntermediate(trialId, step, value);
            return null;
        });
    }

    @Override
    public void setTrialAttribute(long trialId, AttributeScope scope, String key, String jsonValue) {
        StorageInput.attributeJson(scope.name().toLowerCase() + " attribute of trial " + trialId, key, jsonValue);
        transaction(() -> {
            requireUpdatableTrial(trialId);
            upsertTrialAttribute(trialId, scope, key, jsonValue);
            return null;
        });
    }

    @Override
    public TrialRecord trial(long trialId) {
        return transaction(() -> {
            PreparedStatement query = bound("SELECT " + TRIAL_COLUMNS + " FROM trials WHERE trial_id = ?", trialId);
            Map<Long, TrialAssembly> trials = readTrials(query);
            if (trials.isEmpty()) {
                throw trialNotFound(trialId);
            }
            readChildren(trials);
            return trials.get(trialId).toRecord();
        });
    }

    /**
     * Two index lookups rather than one OR query: H2 cannot use an index for {@code id > ? OR id = ANY(?)} and
     * would scan the whole study on every call, making each trial of a long study slower than the last.
     */
    @Override
    public List<TrialRecord> trials(long studyId, long idGreaterThan, Collection<Long> includedIds) {
        return transaction(() -> {
            requireStudy(studyId);
            PreparedStatement newer = bound("SELECT " + TRIAL_COLUMNS + " FROM trials"
                    + " WHERE study_id = ? AND trial_id > ? ORDER BY trial_id", studyId, idGreaterThan);
            Map<Long, TrialAssembly> trials = readTrials(newer);
            if (!includedIds.isEmpty()) {
                PreparedStatement included = statement(
                        "SELECT " + TRIAL_COLUMNS + " FROM trials WHERE trial_id = ANY(?)");
                included.setArray(1, connection.createArrayOf("BIGINT", includedIds.toArray(new Long[0])));
                readTrials(included).forEach((id, t) -> {
                    if (t.studyId == studyId) {
                        trials.putIfAbsent(id, t);
                    }
                });
            }
            if (!trials.isEmpty()) {
                readChildren(trials);
            }
            List<TrialRecord> records = new ArrayList<>(trials.size());
            trials.values().forEach(t -> records.add(t.toRecord()));
            return records;
        });
    }

    @Override
    public void close() {
        lock.lock();
        try {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
            statements.clear();
            connection.close();
        } catch (SQLException e) {
            throw new StorageFailure("closing the database failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    // ---- multi-task data -----------------------------------------------------------------------------------

    @Override
    public void setStudyTasks(long studyId, List<StudyTask> tasks) {
        if (tasks == null || tasks.isEmpty()) {
            throw new StorageException.InvalidInput("a multi-task study needs at least one task");
        }
        if (tasks.stream().map(StudyTask::name).distinct().count() != tasks.size()) {
            throw new StorageException.InvalidInput("task names of a study must be distinct: "
                    + tasks.stream().map(StudyTask::name).toList());
        }
        transaction(() -> {
            requireStudy(studyId);
            List<StudyTask> current = readStudyTasks(studyId);
            if (!current.isEmpty()) {
                if (!current.equals(tasks)) {
                    throw new StorageException.InvalidInput("study " + studyId + " already has the tasks " + current
                            + "; they cannot change");
                }
                return null;
            }
            for (int i = 0; i < tasks.size(); i++) {
                StudyTask t = tasks.get(i);
                update("INSERT INTO study_tasks (study_id, task_index, task_name, task_type, metric, direction)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", studyId, i, t.name(), t.type(), t.metric(), t.direction().name());
            }
            return null;
        });
    }

    @Override
    public List<StudyTask> studyTasks(long studyId) {
        return transaction(() -> {
            requireStudy(studyId);
            return readStudyTasks(studyId);
        });
    }

    private List<StudyTask> readStudyTasks(long studyId) throws SQLException {
        List<StudyTask> tasks = new ArrayList<>();
        PreparedStatement query = bound("SELECT task_name, task_type, metric, direction FROM study_tasks"
                + " WHERE study_id = ? ORDER BY task_index", studyId);
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                tasks.add(new StudyTask(rs.getString(1), rs.getString(2), rs.getString(3),
                        StudyDirection.valueOf(rs.getString(4))));
            }
        }
        return tasks;
    }

    @Override
    public void setTrialTaskValues(long trialId, long step, List<Double> values) {
        if (values == null || values.stream().anyMatch(java.util.Objects::isNull)) {
            throw new StorageException.InvalidInput("task values of trial " + trialId + " must be numbers");
        }
        transaction(() -> {
            long studyId = requireUpdatableTrial(trialId);
            int tasks = readStudyTasks(studyId).size();
            if (values.size() != tasks) {
                throw new StorageException.InvalidInput("trial " + trialId + " got " + values.size()
                        + " task values at step " + step + "; its study has " + tasks + " tasks");
            }
            for (int i = 0; i < values.size(); i++) {
                update("MERGE INTO trial_task_values (trial_id, step, task_index, val) KEY (trial_id, step, task_index)"
                        + " VALUES (?, ?, ?, ?)", trialId, step, i, values.get(i));
            }
            return null;
        });
    }

    @Override
    public NavigableMap<Long, List<Double>> trialTaskValues(long trialId) {
        return transaction(() -> {
            trialState(trialId);
            NavigableMap<Long, List<Double>> out = new TreeMap<>();
            PreparedStatement query = bound("SELECT step, val FROM trial_task_values WHERE trial_id = ?"
                    + " ORDER BY step, task_index", trialId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getDouble(2));
                }
            }
            out.replaceAll((step, vector) -> List.copyOf(vector));
            return out;
        });
    }

    @Override
    public void cacheBaseline(String key, String json) {
        if (key == null || key.isEmpty() || key.length() > 128) {
            throw new StorageException.InvalidInput("a baseline key must have 1 to 128 characters");
        }
        StorageInput.attributeJson("baseline", key, json);
        transaction(() -> {
            try (ResultSet rs = bound("SELECT 1 FROM stl_baselines WHERE cache_key = ?", key).executeQuery()) {
                if (rs.next()) {
                    return null;
                }
            }
            update("INSERT INTO stl_baselines (cache_key, baseline, created_at) VALUES (?, ?, ?)", key, json,
                    new Timestamp(System.currentTimeMillis()));
            return null;
        });
    }

    @Override
    public Optional<String> cachedBaseline(String key) {
        return transaction(() -> {
            try (ResultSet rs = bound("SELECT baseline FROM stl_baselines WHERE cache_key = ?", key).executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    // ---- browsing (the SQL lives in BrowseQueries) ---------------------------------------------------------

    @Override
    public List<StudySummary> studySummaries(Collection<String> systemAttributeKeys) {
        return transaction(() -> browse.summaries(connection, null, systemAttributeKeys));
    }

    @Override
    public StudySummary studySummary(long studyId, Collection<String> systemAttributeKeys) {
        return transaction(() -> browse.summaries(connection, studyId, systemAttributeKeys).get(0));
    }

    @Override
    public TrialPage trialPage(long studyId, TrialPageRequest request) {
        return transaction(() -> browse.page(connection, studyId, request));
    }

    @Override
    public StudyHistory history(long studyId) {
        return transaction(() -> browse.history(connection, studyId));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private <T> T transaction(Work<T> work) {
        lock.lock();
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (StorageException e) {
            rollback();
            throw e;
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw new StorageFailure("database operation failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The original failure is what the caller needs to see; a failed rollback leaves H2 to recover on open.
        }
    }

    /** The cached statement for {@code sql} with {@code args} bound in order. */
    private PreparedStatement bound(String sql, Object... args) throws SQLException {
        PreparedStatement ps = statement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    private int update(String sql, Object... args) throws SQLException {
        return bound(sql, args).executeUpdate();
    }

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private long nextId(String sequence) throws SQLException {
        try (ResultSet rs = statement("SELECT NEXT VALUE FOR " + sequence).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void requireStudy(long studyId) throws SQLException {
        PreparedStatement query = bound("SELECT 1 FROM studies WHERE study_id = ?", studyId);
        try (ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                throw studyNotFound(studyId);
            }
        }
    }

    private TrialState trialState(long trialId) throws SQLException {
        PreparedStatement query = bound("SELECT state FROM trials WHERE trial_id = ?", trialId);
        try (ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                throw trialNotFound(trialId);
            }
            return TrialState.valueOf(rs.getString(1));
        }
    }

    /** Returns the trial's study id, or throws if the trial is unknown or already finished. */
    private long requireUpdatableTrial(long trialId) throws SQLException {
        PreparedStatement query = bound("SELECT study_id, state FROM trials WHERE trial_id = ?", trialId);
        try (ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                throw trialNotFound(trialId);
            }
            TrialState state = TrialState.valueOf(rs.getString(2));
            if (state.isFinished()) {
                throw new StorageException.TrialFinished(trialId, state.name());
            }
            return rs.getLong(1);
        }
    }

    /** The first distribution of a name fixes its kind for the whole study; later ones must be compatible. */
    private void recordStudyDistribution(long studyId, String name, Distribution distribution, String json)
            throws SQLException {
        PreparedStatement query = bound("SELECT distribution FROM study_param_distributions"
                + " WHERE study_id = ? AND param_name = ?", studyId, name);
        try (ResultSet rs = query.executeQuery()) {
            if (rs.next()) {
                Distribution recorded = StorageInput.distribution(name, rs.getString(1));
                try {
                    DistributionCompatibility.check(recorded, distribution);
                } catch (IllegalArgumentException e) {
                    throw new StorageException.InvalidInput("parameter \"" + name + "\" of study " + studyId
                            + ": " + e.getMessage());
                }
                return;
            }
        }
        update("INSERT INTO study_param_distributions (study_id, param_name, distribution) VALUES (?, ?, ?)",
                studyId, name, json);
    }

    private void upsertParam(long trialId, String name, double internal, String distributionJson) throws SQLException {
        update("MERGE INTO trial_params (trial_id, param_name, internal_value, distribution)"
                + " KEY (trial_id, param_name) VALUES (?, ?, ?, ?)", trialId, name, internal, distributionJson);
    }

    private void upsertTrialAttribute(long trialId, AttributeScope scope, String key, String json) throws SQLException {
        update("MERGE INTO trial_attributes (trial_id, is_system, attr_key, attr_json)"
                + " KEY (trial_id, is_system, attr_key) VALUES (?, ?, ?, ?)",
                trialId, scope == AttributeScope.SYSTEM, key, json);
    }

    private void upsertIntermediate(long trialId, long step, double value) throws SQLException {
        update("MERGE INTO trial_intermediate_values (trial_id, step, val) KEY (trial_id, step) VALUES (?, ?, ?)",
                trialId, step, value);
    }

    private void replaceValues(long trialId, double[] values) throws SQLException {
        update("DELETE FROM trial_values WHERE trial_id = ?", trialId);
        for (int i = 0; i < values.length; i++) {
            update("INSERT INTO trial_values (trial_id, objective, val) VALUES (?, ?, ?)", trialId, i, values[i]);
        }
    }

    private static Map<Long, TrialAssembly> readTrials(PreparedStatement query) throws SQLException {
        Map<Long, TrialAssembly> trials = new LinkedHashMap<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                TrialAssembly t = new TrialAssembly(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        TrialState.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6));
                trials.put(t.id, t);
            }
        }
        return trials;
    }

    /** Fills values, params, attributes and intermediate values of the given trials, by primary-key lookups. */
    private void readChildren(Map<Long, TrialAssembly> trials) throws SQLException {
        Array ids = connection.createArrayOf("BIGINT", trials.keySet().toArray(new Long[0]));
        String where = "trial_id = ANY(?)";
        Binder bind = ps -> ps.setArray(1, ids);
        PreparedStatement values = statement(
                "SELECT trial_id, val FROM trial_values WHERE " + where + " ORDER BY trial_id, objective");
        bind.bind(values);
        try (ResultSet rs = values.executeQuery()) {
            while (rs.next()) {
                trials.get(rs.getLong(1)).values.add(rs.getDouble(2));
            }
        }
        PreparedStatement params = statement(
                "SELECT trial_id, param_name, internal_value, distribution FROM trial_params WHERE " + where);
        bind.bind(params);
        try (ResultSet rs = params.executeQuery()) {
            while (rs.next()) {
                TrialAssembly t = trials.get(rs.getLong(1));
                t.params.put(rs.getString(2), rs.getDouble(3));
                t.distributions.put(rs.getString(2), rs.getString(4));
            }
        }
        PreparedStatement attrs = statement(
                "SELECT trial_id, is_system, attr_key, attr_json FROM trial_attributes WHERE " + where);
        bind.bind(attrs);
        try (ResultSet rs = attrs.executeQuery()) {
            while (rs.next()) {
                TrialAssembly t = trials.get(rs.getLong(1));
                (rs.getBoolean(2) ? t.systemAttributes : t.userAttributes).put(rs.getString(3), rs.getString(4));
            }
        }
        PreparedStatement intermediate = statement(
                "SELECT trial_id, step, val FROM trial_intermediate_values WHERE " + where);
        bind.bind(intermediate);
        try (ResultSet rs = intermediate.executeQuery()) {
            while (rs.next()) {
                trials.get(rs.getLong(1)).intermediateValues.put(rs.getLong(2), rs.getDouble(3));
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
