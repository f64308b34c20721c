package io.branchwise.builtin.task;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tiny data sets for binding heads: one feature, the given target columns, the same rows in every split. */
final class TestData {
    private final Map<String, TargetColumn> columns = new LinkedHashMap<>();
    private final Map<String, float[]> values = new LinkedHashMap<>();

    TestData column(TargetColumn column, float... rows) {
        columns.put(column.name(), column);
        values.put(column.name(), rows);
        return this;
    }

    Dataset dataset() {
        int rows = values.values().iterator().next().length;
        Split split = new Split(rows, 1, new float[rows], values);
        return new Dataset("d", List.of("x"), columns, split, split, split);
    }

    Split split() {
        return dataset().validation();
    }
}
