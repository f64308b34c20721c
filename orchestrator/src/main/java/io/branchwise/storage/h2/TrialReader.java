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
 * Reads whole trials: the trial rows first, then each child table once for all of them (by primary-key lookups),
 * so reading n trials costs five queries, not 5n.
 */
final class TrialReader {
    private static final String TRIAL_COLUMNS =
            "trial_id, study_id, number, state, datetime_start, datetime_complete";

    private final Statements sql;

    TrialReader(Statements sql) {
        this.sql = sql;
    }

    /** The trial, or null if there is none with that id. */
    TrialRecord trial(long trialId) throws SQLException {
        Map<Long, TrialAssembly> trials = readTrials(sql.bound(
                "SELECT " + TRIAL_COLUMNS + " FROM trials WHERE trial_id = ?", trialId));
        if (trials.isEmpty()) {
            return null;
        }
        readChildren(trials);
        return trials.get(trialId).toRecord();
    }

    /**
     * Two index lookups rather than one OR query: H2 cannot use an index for {@code id > ? OR id = ANY(?)} and
     * would scan the whole study on every call, making each trial of a long study slower than the last. The
     * index is named because H2's planner otherwise picks the foreign-key index on study_id alone and filters
     * the whole study by id (seen with EXPLAIN).
     */
    List<TrialRecord> trials(long studyId, long idGreaterThan, Collection<Long> includedIds) throws SQLException {
        Map<Long, TrialAssembly> trials = readTrials(sql.bound("SELECT " + TRIAL_COLUMNS
                + " FROM trials USE INDEX (trials_by_study) WHERE study_id = ? AND trial_id > ? ORDER BY trial_id",
                studyId, idGreaterThan));
        if (!includedIds.isEmpty()) {
            PreparedStatement included = sql.get("SELECT " + TRIAL_COLUMNS + " FROM trials WHERE trial_id = ANY(?)");
            included.setArray(1, sql.connection().createArrayOf("BIGINT", includedIds.toArray(new Long[0])));
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
