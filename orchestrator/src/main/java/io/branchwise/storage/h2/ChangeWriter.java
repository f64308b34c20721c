package io.branchwise.storage.h2;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.TrialRecord;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a decided {@link Change} into the tables, inside the caller's transaction. It checks nothing and decides
 * nothing, so that a change replayed from the journal lands exactly as it did the first time.
 */
final class ChangeWriter {
    private final Statements sql;

    ChangeWriter(Statements sql) {
        this.sql = sql;
    }

    void apply(Change change) throws SQLException {
        if (change instanceof Change.StudyCreated c) {
            sql.update("INSERT INTO studies (study_id, study_name, directions, created_at) VALUES (?, ?, ?, ?)",
                    c.studyId(), c.name(), c.directions().stream().map(StudyDirection::name)
                            .collect(Collectors.joining(",")), new Timestamp(c.createdAtMillis()));
        } else if (change instanceof Change.StudyDeleted c) {
            sql.update("DELETE FROM studies WHERE study_id = ?", c.studyId());
        } else if (change instanceof Change.StudyAttributeSet c) {
            sql.update("MERGE INTO study_attributes (study_id, is_system, attr_key, attr_json)"
                    + " KEY (study_id, is_system, attr_key) VALUES (?, ?, ?, ?)",
                    c.studyId(), c.scope() == AttributeScope.SYSTEM, c.key(), c.json());
        } else if (change instanceof Change.TrialCreated c) {
            insertTrial(c.trial());
        } else if (change instanceof Change.TrialParameterSet c) {
            recordStudyDistribution(c.studyId(), c.name(), c.distributionJson());
            upsertParam(c.trialId(), c.name(), c.internalValue(), c.distributionJson());
        } else if (change instanceof Change.TrialStateSet c) {
            sql.update("UPDATE trials SET state = ?,"
                    + " datetime_start = CASE WHEN ? THEN ? ELSE datetime_start END,"
                    + " datetime_complete = CASE WHEN ? THEN ? ELSE datetime_complete END WHERE trial_id = ?",
                    c.state().name(), c.state() == TrialState.RUNNING, c.now(), c.state().isFinished(), c.now(),
                    c.trialId());
            if (c.values().length > 0) {
                replaceValues(c.trialId(), c.values());
            }
        } else if (change instanceof Change.IntermediateValueSet c) {
            upsertIntermediate(c.trialId(), c.step(), c.value());
        } else if (change instanceof Change.TrialAttributeSet c) {
            upsertTrialAttribute(c.trialId(), c.scope(), c.key(), c.json());
        } else if (change instanceof Change.StudyTasksSet c) {
            for (int i = 0; i < c.tasks().size(); i++) {
                StudyTask t = c.tasks().get(i);
                sql.update("INSERT INTO study_tasks (study_id, task_index, task_name, task_type, metric, direction)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", c.studyId(), i, t.name(), t.type(), t.metric(),
                        t.direction().name());
            }
        } else if (change instanceof Change.TrialTaskValuesSet c) {
            for (int i = 0; i < c.values().size(); i++) {
                sql.update("MERGE INTO trial_task_values (trial_id, step, task_index, val)"
                        + " KEY (trial_id, step, task_index) VALUES (?, ?, ?, ?)", c.trialId(), c.step(), i,
                        c.values().get(i));
            }
        } else if (change instanceof Change.BaselineCached c) {
            sql.update("MERGE INTO stl_baselines (cache_key, baseline, created_at) KEY (cache_key) VALUES (?, ?, ?)",
                    c.key(), c.json(), new Timestamp(c.createdAtMillis()));
        } else {
            throw new IllegalArgumentException("no table write for " + change.getClass().getName());
        }
    }

    /** Remembers which journal record the database now holds, in the same transaction as the change itself. */
    void markApplied(long sequence) throws SQLException {
        sql.update("UPDATE journal_position SET applied_sequence = ?", sequence);
    }

    private void insertTrial(TrialRecord t) throws SQLException {
        sql.update("UPDATE studies SET next_number = ? WHERE study_id = ?", t.number() + 1, t.studyId());
        sql.update("INSERT INTO trials (trial_id, study_id, number, state, datetime_start, datetime_complete)"
                + " VALUES (?, ?, ?, ?, ?, ?)", t.id(), t.studyId(), t.number(), t.state().name(),
                t.datetimeStart(), t.datetimeComplete());
        insertValues(t.id(), t.values().stream().mapToDouble(Double::doubleValue).toArray());
        for (Map.Entry<String, Double> p : t.params().entrySet()) {
            String distribution = t.distributions().get(p.getKey());
            recordStudyDistribution(t.studyId(), p.getKey(), distribution);
            upsertParam(t.id(), p.getKey(), p.getValue(), distribution);
        }
        for (Map.Entry<String, String> a : t.userAttributes().entrySet()) {
            upsertTrialAttribute(t.id(), AttributeScope.USER, a.getKey(), a.getValue());
        }
        for (Map.Entry<String, String> a : t.systemAttributes().entrySet()) {
            upsertTrialAttribute(t.id(), AttributeScope.SYSTEM, a.getKey(), a.getValue());
        }
        for (Map.Entry<Long, Double> iv : t.intermediateValues().entrySet()) {
            upsertIntermediate(t.id(), iv.getKey(), iv.getValue());
        }
    }

    /** The first distribution of a name in a study is kept; compatibility was checked before the change was made. */
    private void recordStudyDistribution(long studyId, String name, String json) throws SQLException {
        sql.update("INSERT INTO study_param_distributions (study_id, param_name, distribution)"
                + " SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM study_param_distributions"
                + " WHERE study_id = ? AND param_name = ?)", studyId, name, json, studyId, name);
    }

    private void upsertParam(long trialId, String name, double internal, String distributionJson) throws SQLException {
        sql.update("MERGE INTO trial_params (trial_id, param_name, internal_value, distribution)"
                + " KEY (trial_id, param_name) VALUES (?, ?, ?, ?)", trialId, name, internal, distributionJson);
    }

    private void upsertTrialAttribute(long trialId, AttributeScope scope, String key, String json) throws SQLException {
        sql.update("MERGE INTO trial_attributes (trial_id, is_system, attr_key, attr_json)"
                + " KEY (trial_id, is_system, attr_key) VALUES (?, ?, ?, ?)",
                trialId, scope == AttributeScope.SYSTEM, key, json);
    }

    private void upsertIntermediate(long trialId, long step, double value) throws SQLException {
        sql.update("MERGE INTO trial_intermediate_values (trial_id, step, val) KEY (trial_id, step) VALUES (?, ?, ?)",
                trialId, step, value);
    }

    private void replaceValues(long trialId, double[] values) throws SQLException {
        sql.update("DELETE FROM trial_values WHERE trial_id = ?", trialId);
        insertValues(trialId, values);
    }

    private void insertValues(long trialId, double[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            sql.update("INSERT INTO trial_values (trial_id, objective, val) VALUES (?, ?, ?)", trialId, i, values[i]);
        }
    }
}
