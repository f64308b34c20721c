package io.branchwise.storage.h2;

import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads whole trials from the tables: the trial rows first, then each child table once for all of them (by
 * primary-key lookups), so reading n trials costs five queries, not 5n.
 */
final class TrialReader {
    private static final String TRIAL_COLUMNS =
            "trial_id, study_id, number, state, datetime_start, datetime_complete";

    private final Statements sql;

    TrialReader(Statements sql) {
        this.sql = sql;
    }

    /**
     * Ids of the study's trials above {@code idGreaterThan}, in id order, from the index alone. The index is
     * named because H2 plans a prepared statement once, and planned while the table is small it picks the
     * foreign-key index on study_id and then filters the whole study by id on every call (seen with EXPLAIN).
     */
    List<Long> idsAfter(long studyId, long idGreaterThan) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = sql.bound("SELECT trial_id FROM trials USE INDEX (trials_by_study)"
                + " WHERE study_id = ? AND trial_id > ? ORDER BY trial_id", studyId, idGreaterThan).executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** The whole trials with these ids, by id; ids that do not exist are left out. */
    Map<Long, TrialRecord> load(Collection<Long> ids) throws SQLException {
        PreparedStatement rows = sql.get("SELECT " + TRIAL_COLUMNS + " FROM trials WHERE trial_id = ANY(?)");
        rows.setArray(1, sql.connection().createArrayOf("BIGINT", ids.toArray(new Long[0])));
        Map<Long, TrialAssembly> trials = readTrials(rows);
        if (!trials.isEmpty()) {
            readChildren(trials);
        }
        Map<Long, TrialRecord> records = new LinkedHashMap<>();
        trials.forEach((id, t) -> records.put(id, t.toRecord()));
        return records;
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
        Array ids = sql.connection().createArrayOf("BIGINT", trials.keySet().toArray(new Long[0]));
        String where = "trial_id = ANY(?)";
        PreparedStatement values = sql.get(
                "SELECT trial_id, val FROM trial_values WHERE " + where + " ORDER BY trial_id, objective");
        values.setArray(1, ids);
        try (ResultSet rs = values.executeQuery()) {
            while (rs.next()) {
                trials.get(rs.getLong(1)).values.add(rs.getDouble(2));
            }
        }
        PreparedStatement params = sql.get(
                "SELECT trial_id, param_name, internal_value, distribution FROM trial_params WHERE " + where);
        params.setArray(1, ids);
        try (ResultSet rs = params.executeQuery()) {
            while (rs.next()) {
                TrialAssembly t = trials.get(rs.getLong(1));
                t.params.put(rs.getString(2), rs.getDouble(3));
                t.distributions.put(rs.getString(2), rs.getString(4));
            }
        }
        PreparedStatement attrs = sql.get(
                "SELECT trial_id, is_system, attr_key, attr_json FROM trial_attributes WHERE " + where);
        attrs.setArray(1, ids);
        try (ResultSet rs = attrs.executeQuery()) {
            while (rs.next()) {
                TrialAssembly t = trials.get(rs.getLong(1));
                (rs.getBoolean(2) ? t.systemAttributes : t.userAttributes).put(rs.getString(3), rs.getString(4));
            }
        }
        PreparedStatement intermediate = sql.get(
                "SELECT trial_id, step, val FROM trial_intermediate_values WHERE " + where);
        intermediate.setArray(1, ids);
        try (ResultSet rs = intermediate.executeQuery()) {
            while (rs.next()) {
                trials.get(rs.getLong(1)).intermediateValues.put(rs.getLong(2), rs.getDouble(3));
            }
        }
    }
}
