package io.branchwise.storage.h2;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.storage.StudyTask;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the multi-task data that lives beside Optuna's model: study tasks, per-task curves, cached baselines. */
final class MultiTaskReader {
    private final Statements sql;

    MultiTaskReader(Statements sql) {
        this.sql = sql;
    }

    List<StudyTask> studyTasks(long studyId) throws SQLException {
        List<StudyTask> tasks = new ArrayList<>();
        try (ResultSet rs = sql.bound("SELECT task_name, task_type, metric, direction FROM study_tasks"
                + " WHERE study_id = ? ORDER BY task_index", studyId).executeQuery()) {
            while (rs.next()) {
                tasks.add(new StudyTask(rs.getString(1), rs.getString(2), rs.getString(3),
                        StudyDirection.valueOf(rs.getString(4))));
            }
        }
        return tasks;
    }

    NavigableMap<Long, List<Double>> taskValues(long trialId) throws SQLException {
        NavigableMap<Long, List<Double>> out = new TreeMap<>();
        try (ResultSet rs = sql.bound("SELECT step, val FROM trial_task_values WHERE trial_id = ?"
                + " ORDER BY step, task_index", trialId).executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getDouble(2));
            }
        }
        out.replaceAll((step, vector) -> List.copyOf(vector));
        return out;
    }

    Optional<String> cachedBaseline(String key) throws SQLException {
        try (ResultSet rs = sql.bound("SELECT baseline FROM stl_baselines WHERE cache_key = ?", key).executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }
}
