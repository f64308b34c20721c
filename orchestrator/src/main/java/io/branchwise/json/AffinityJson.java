package io.branchwise.json;

import io.branchwise.space.grouping.AffinityMatrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An affinity matrix's one JSON form, {@code {"tasks": [...], "matrix": [[...], ...]}} (row i, column j: how a step
 * on task i's loss changed task j's), wherever it is written: trainer messages, study attributes, the CLI's tables.
 */
public final class AffinityJson {
    private AffinityJson() {
    }

    public static Map<String, Object> write(AffinityMatrix a) {
        List<List<Double>> rows = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            List<Double> row = new ArrayList<>();
            for (int j = 0; j < a.size(); j++) {
                row.add(a.get(i, j));
            }
            rows.add(row);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasks", a.tasks());
        m.put("matrix", rows);
        return m;
    }

    /**
     * Reads what {@link #write} wrote (a stored attribute; a trainer's message is read by the trainer protocol, which
     * names the field at fault). A missing number (NaN stored as null) reads as NaN.
     */
    public static AffinityMatrix read(Object json) {
        Map<?, ?> m = (Map<?, ?>) json;
        List<String> tasks = ((List<?>) m.get("tasks")).stream().map(String::valueOf).toList();
        List<?> rows = (List<?>) m.get("matrix");
        double[][] z = new double[rows.size()][];
        for (int i = 0; i < z.length; i++) {
            z[i] = ((List<?>) rows.get(i)).stream()
                    .mapToDouble(v -> v instanceof Number n ? n.doubleValue() : Double.NaN).toArray();
        }
        return new AffinityMatrix(tasks, z);
    }
}
