package io.branchwise.storage.h2;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.StorageException;
import io.branchwise.storage.query.ParamRange;
import io.branchwise.storage.query.StudyHistory;
import io.branchwise.storage.query.StudySummary;
import io.branchwise.storage.query.TrialOrder;
import io.branchwise.storage.query.TrialPage;
import io.branchwise.storage.query.TrialPageRequest;
import io.branchwise.storage.query.TrialRow;
import io.branchwise.storage.query.TrialSortKey;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only queries behind the REST API's lists and charts, kept apart from {@link H2Storage}'s write path.
 * Each works on sets (aggregates, keyset pages, column scans) so its cost does not grow with a study's trials
 * loaded one by one. Callers run them inside {@link H2Storage}'s transaction, under its lock.
 */
final class BrowseQueries {
    private static final String FINISHED = "('COMPLETE', 'PRUNED', 'FAIL')";

    // ---- study summaries ----------------------------------------------------------------------------------

    /**
     * @param onlyStudy one study's summary (NotFound when it does not exist), or null for every study
     * @param maxKey    a trial system attribute whose largest number among COMPLETE trials each summary carries;
     *                  null for none
     */
    List<StudySummary> summaries(Connection c, Long onlyStudy, Collection<String> systemKeys, String maxKey)
            throws SQLException {
        String where = onlyStudy == null ? "" : " WHERE study_id = ?";
        String and = onlyStudy == null ? "" : " AND t.study_id = ?";
        Map<Long, String[]> studies = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT study_id, study_name, directions FROM studies" + where + " ORDER BY study_id")) {
            bindOptional(ps, 1, onlyStudy);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    studies.put(rs.getLong(1), new String[]{rs.getString(2), rs.getString(3)});
                }
            }
        }
        if (onlyStudy != null && studies.isEmpty()) {
            throw studyNotFound(onlyStudy);
        }
        Map<Long, Map<TrialState, Long>> counts = new HashMap<>();
        Map<Long, String> lastActivity = new HashMap<>();
        // A trial's completion is never before its start, so the later of the two per trial is the completion
        // when there is one; the text compares like the time it encodes (fixed-width Python format).
        try (PreparedStatement ps = c.prepareStatement("SELECT study_id, state, COUNT(*),"
                + " MAX(COALESCE(datetime_complete, datetime_start)) FROM trials" + where + " GROUP BY study_id, state")) {
            bindOptional(ps, 1, onlyStudy);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    counts.computeIfAbsent(id, k -> new EnumMap<>(TrialState.class))
                            .put(TrialState.valueOf(rs.getString(2)), rs.getLong(3));
                    String last = rs.getString(4);
                    if (last != null) {
                        lastActivity.merge(id, last, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                }
            }
        }
        Map<Long, double[]> extremes = new HashMap<>();
        // H2 orders NaN above every number (and NaN = NaN), so "<> NaN" is what keeps MAX meaningful.
        try (PreparedStatement ps = c.prepareStatement("SELECT t.study_id, MIN(v.val), MAX(v.val) FROM trials t"
                + " JOIN trial_values v ON v.trial_id = t.trial_id AND v.objective = 0"
                + " WHERE t.state = 'COMPLETE' AND v.val <> ?" + and + " GROUP BY t.study_id")) {
            ps.setDouble(1, Double.NaN);
            bindOptional(ps, 2, onlyStudy);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    extremes.put(rs.getLong(1), new double[]{rs.getDouble(2), rs.getDouble(3)});
                }
            }
        }
        Map<Long, List<String>> tasks = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT study_id, task_name FROM study_tasks" + where
                + " ORDER BY study_id, task_index")) {
            bindOptional(ps, 1, onlyStudy);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tasks.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        Map<Long, Map<String, String>> attributes = new HashMap<>();
        if (!systemKeys.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT study_id, attr_key, attr_json FROM study_attributes"
                    + " WHERE is_system AND attr_key = ANY(?)" + (onlyStudy == null ? "" : " AND study_id = ?"))) {
                ps.setArray(1, c.createArrayOf("VARCHAR", systemKeys.toArray(new String[0])));
                bindOptional(ps, 2, onlyStudy);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        attributes.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                                .put(rs.getString(2), rs.getString(3));
                    }
                }
            }
        }
        Map<Long, Double> attributeMax = maxKey == null ? Map.of() : attributeMax(c, onlyStudy, maxKey);
        List<StudySummary> out = new ArrayList<>(studies.size());
        studies.forEach((id, row) -> {
            List<StudyDirection> directions = Arrays.stream(row[1].split(",")).map(StudyDirection::valueOf).toList();
            double[] minMax = extremes.get(id);
            Double best = minMax == null ? null : directions.get(0) == StudyDirection.MAXIMIZE ? minMax[1] : minMax[0];
            out.add(new StudySummary(id, row[0], directions, tasks.getOrDefault(id, List.of()),
                    counts.getOrDefault(id, Map.of()), best, lastActivity.get(id), attributes.getOrDefault(id, Map.of()),
                    attributeMax.get(id)));
        });
        return out;
    }

    /**
     * Attribute values are JSON text that any Optuna client may set: only short plain numbers are cast, so that
     * one odd value cannot fail the whole list (NaN and infinities, never a best, are left out with them).
     */
    private static Map<Long, Double> attributeMax(Connection c, Long onlyStudy, String key) throws SQLException {
        Map<Long, Double> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.study_id, MAX(CASE WHEN CHAR_LENGTH(a.attr_json) <= 32"
                + " AND REGEXP_LIKE(a.attr_json, '^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$')"
                + " THEN CAST(CAST(a.attr_json AS VARCHAR(32)) AS DOUBLE PRECISION) END)"
                + " FROM trials t JOIN trial_attributes a ON a.trial_id = t.trial_id AND a.is_system AND a.attr_key = ?"
                + " WHERE t.state = 'COMPLETE'" + (onlyStudy == null ? "" : " AND t.study_id = ?")
                + " GROUP BY t.study_id")) {
            ps.setString(1, key);
            bindOptional(ps, 2, onlyStudy);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double max = rs.getDouble(2);
                    if (!rs.wasNull()) {
                        out.put(rs.getLong(1), max);
                    }
                }
            }
        }
        return out;
    }

    // ---- keyset pages -------------------------------------------------------------------------------------

    /**
     * One page after {@code request.after()}: the position is a WHERE condition on the sort key, so every page
     * costs the same however deep it is (no OFFSET), and rows added meanwhile neither repeat nor shift the pages.
     */
    TrialPage page(Connection c, long studyId, TrialPageRequest request) throws SQLException {
        requireStudy(c, studyId);
        Filter filter = filter(c, studyId, request);
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM trials t WHERE " + filter.sql)) {
            filter.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        TrialOrder order = request.order();
        StringBuilder sql = new StringBuilder("SELECT t.trial_id, t.number, t.state, t.datetime_start,"
                + " t.datetime_complete FROM trials t");
        if (order.byValue()) {
            sql.append(" LEFT JOIN trial_values v ON v.trial_id = t.trial_id AND v.objective = 0");
        }
        sql.append(" WHERE ").append(filter.sql);
        List<Object> positionArgs = new ArrayList<>();
        if (request.after() != null) {
            sql.append(" AND ").append(position(request.after(), positionArgs));
        }
        String dir = order.descending() ? " DESC" : "";
        sql.append(order.byValue()
                ? " ORDER BY CASE WHEN v.val IS NULL THEN 1 ELSE 0 END, v.val" + dir + ", t.trial_id" + dir
                : " ORDER BY t.number" + dir);
        sql.append(" LIMIT ?");
        Map<Long, RowAssembly> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int next = filter.bind(ps, 1);
            for (Object arg : positionArgs) {
                ps.setObject(next++, arg);
            }
            ps.setInt(next, request.limit() + 1); // one more tells whether another page follows
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), new RowAssembly(rs.getLong(1), rs.getLong(2),
                            TrialState.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5)));
                }
            }
        }
        boolean more = rows.size() > request.limit();
        if (more) {
            Long extra = null;
            for (Long id : rows.keySet()) {
                extra = id;
            }
            rows.remove(extra);
        }
        if (!rows.isEmpty()) {
            readRowChildren(c, rows, request.systemAttributeKeys());
        }
        List<TrialRow> trials = new ArrayList<>(rows.size());
        rows.values().forEach(r -> trials.add(r.toRow()));
        TrialSortKey nextKey = more ? TrialSortKey.of(order, trials.get(trials.size() - 1)) : null;
        return new TrialPage(trials, total, nextKey);
    }

    /** The WHERE condition that selects the rows after {@code key} in its order; arguments go into {@code args}. */
    private static String position(TrialSortKey key, List<Object> args) {
        TrialOrder order = key.order();
        String beyond = order.descending() ? "<" : ">";
        if (!order.byValue()) {
            args.add(key.number());
            return "t.number " + beyond + " ?";
        }
        if (key.value() == null) {
            args.add(key.trialId());
            return "v.val IS NULL AND t.trial_id " + beyond + " ?";
        }
        args.add(key.value());
        args.add(key.value());
        args.add(key.trialId());
        return "((v.val IS NOT NULL AND (v.val " + beyond + " ? OR (v.val = ? AND t.trial_id " + beyond + " ?)))"
                + " OR v.val IS NULL)";
    }

    /** The study, states and parameter ranges as one WHERE condition on {@code trials t}. */
    private static Filter filter(Connection c, long studyId, TrialPageRequest request) throws SQLException {
        StringBuilder sql = new StringBuilder("t.study_id = ?");
        List<Object> args = new ArrayList<>(List.of(studyId));
        if (!request.states().isEmpty()) {
            sql.append(" AND t.state = ANY(?)");
            args.add(c.createArrayOf("VARCHAR", request.states().stream().map(Enum::name).toArray(String[]::new)));
        }
        for (ParamRange range : request.paramRanges()) {
            sql.append(" AND EXISTS (SELECT 1 FROM trial_params p WHERE p.trial_id = t.trial_id"
                    + " AND p.param_name = ? AND p.internal_value BETWEEN ? AND ?)");
            args.add(range.name());
            args.add(range.min());
            args.add(range.max());
        }
        return new Filter(sql.toString(), args);
    }

    private record Filter(String sql, List<Object> args) {
        /** Binds the arguments from {@code first}; returns the next free index. */
        int bind(PreparedStatement ps, int first) throws SQLException {
            int i = first;
            for (Object arg : args) {
                if (arg instanceof Array a) {
                    ps.setArray(i++, a);
                } else {
                    ps.setObject(i++, arg);
                }
            }
            return i;
        }
    }

    private static void readRowChildren(Connection c, Map<Long, RowAssembly> rows, Collection<String> systemKeys)
            throws SQLException {
        Array ids = c.createArrayOf("BIGINT", rows.keySet().toArray(new Long[0]));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT trial_id, val FROM trial_values WHERE trial_id = ANY(?) ORDER BY trial_id, objective")) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.get(rs.getLong(1)).values.add(rs.getDouble(2));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT trial_id, param_name, internal_value, distribution"
                + " FROM trial_params WHERE trial_id = ANY(?)")) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RowAssembly r = rows.get(rs.getLong(1));
                    r.params.put(rs.getString(2), rs.getDouble(3));
                    r.distributions.put(rs.getString(2), rs.getString(4));
                }
            }
        }
        if (systemKeys.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT trial_id, attr_key, attr_json FROM trial_attributes"
                + " WHERE trial_id = ANY(?) AND is_system AND attr_key = ANY(?)")) {
            ps.setArray(1, ids);
            ps.setArray(2, c.createArrayOf("VARCHAR", systemKeys.toArray(new String[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.get(rs.getLong(1)).systemAttributes.put(rs.getString(2), rs.getString(3));
                }
            }
        }
    }

    private static final class RowAssembly {
        final long id;
        final long number;
        final TrialState state;
        final String datetimeStart;
        final String datetimeComplete;
        final List<Double> values = new ArrayList<>();
        final Map<String, Double> params = new LinkedHashMap<>();
        final Map<String, String> distributions = new LinkedHashMap<>();
        final Map<String, String> systemAttributes = new LinkedHashMap<>();

        RowAssembly(long id, long number, TrialState state, String datetimeStart, String datetimeComplete) {
            this.id = id;
            this.number = number;
            this.state = state;
            this.datetimeStart = datetimeStart;
            this.datetimeComplete = datetimeComplete;
        }

        TrialRow toRow() {
            return new TrialRow(id, number, state, values, datetimeStart, datetimeComplete, params, distributions,
                    systemAttributes);
        }
    }

    // ---- history ------------------------------------------------------------------------------------------

    /** Two set queries (trials with their values, then parameters), each one pass in number order. */
    StudyHistory history(Connection c, long studyId) throws SQLException {
        requireStudy(c, studyId);
        List<Long> numbers = new ArrayList<>();
        List<TrialState> states = new ArrayList<>();
        List<List<Double>> values = new ArrayList<>();
        Map<Long, Integer> index = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.number, t.state, v.val FROM trials t"
                + " LEFT JOIN trial_values v ON v.trial_id = t.trial_id"
                + " WHERE t.study_id = ? AND t.state IN " + FINISHED + " ORDER BY t.number, v.objective")) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long number = rs.getLong(1);
                    Integer at = index.get(number);
                    if (at == null) {
                        at = numbers.size();
                        index.put(number, at);
                        numbers.add(number);
                        states.add(TrialState.valueOf(rs.getString(2)));
                        values.add(new ArrayList<>(1));
                    }
                    double v = rs.getDouble(3);
                    if (!rs.wasNull()) {
                        values.get(at).add(v);
                    }
                }
            }
        }
        values.replaceAll(List::copyOf);
        Map<String, List<Double>> params = new LinkedHashMap<>();
        Map<String, List<String>> distributions = new LinkedHashMap<>();
        Map<String, String> shared = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.number, p.param_name, p.internal_value, p.distribution"
                + " FROM trial_params p JOIN trials t ON t.trial_id = p.trial_id"
                + " WHERE t.study_id = ? AND t.state IN " + FINISHED + " ORDER BY t.number, p.param_name")) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int at = index.get(rs.getLong(1));
                    String name = rs.getString(2);
                    params.computeIfAbsent(name, k -> nulls(numbers.size())).set(at, rs.getDouble(3));
                    String distribution = shared.computeIfAbsent(rs.getString(4), d -> d);
                    distributions.computeIfAbsent(name, k -> nulls(numbers.size())).set(at, distribution);
                }
            }
        }
        return new StudyHistory(numbers, states, values, params, distributions);
    }

    private static <T> List<T> nulls(int size) {
        return new ArrayList<>(java.util.Collections.nCopies(size, null));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static void bindOptional(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value != null) {
            ps.setLong(index, value);
        }
    }

    private static void requireStudy(Connection c, long studyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM studies WHERE study_id = ?")) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw studyNotFound(studyId);
                }
            }
        }
    }

    private static StorageException studyNotFound(long studyId) {
        return new StorageException.NotFound("no study with id " + studyId);
    }
}
