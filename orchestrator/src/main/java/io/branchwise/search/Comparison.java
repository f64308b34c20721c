package io.branchwise.search;

import java.util.List;

/**
 * A multi-task model's tasks against their single-task baselines.
 *
 * @param deltaM the weighted mean of the tasks' Δ in percent (Δm), positive = better
 */
public record Comparison(String layout, List<TaskRow> rows, double deltaM) {
    public Comparison {
        rows = List.copyOf(rows);
    }

    public List<String> negativeTransfer() {
        return rows.stream().filter(TaskRow::negativeTransfer).map(TaskRow::task).toList();
    }

    /** The lowest Δ of any task, in percent. */
    public double worstDelta() {
        return rows.stream().mapToDouble(TaskRow::deltaPercent).min().orElse(Double.NaN);
    }
}
