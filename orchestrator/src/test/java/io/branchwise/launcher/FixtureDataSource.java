package io.branchwise.launcher;

import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.DataSource;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test data source "fixture": two features, targets a = x0 + x1 and b = x0 − x1, seeded. Option {@code targets}
 * names more (or other) targets; any name but a and b is x0 + k·x1 for its position k in the list.
 */
public final class FixtureDataSource implements DataSource {
    @Override
    public String name() {
        return "fixture";
    }

    @Override
    public String description() {
        return "two-feature regression data for launcher tests";
    }

    @Override
    public Dataset load(DataRequest request) {
        int rows = request.options().integer("rows", 64, 1);
        List<String> names = request.options().has("targets") ? request.options().strings("targets") : List.of("a", "b");
        Map<String, TargetColumn> columns = new LinkedHashMap<>();
        names.forEach(n -> columns.put(n, TargetColumn.continuous(n)));
        Random random = new Random(request.seed());
        return new Dataset("fixture", List.of("x0", "x1"), columns,
                split(rows, random, names), split(rows, random, names), split(rows, random, names));
    }

    private static Split split(int rows, Random random, List<String> names) {
        float[] x = new float[rows * 2];
        Map<String, float[]> targets = new LinkedHashMap<>();
        names.forEach(n -> targets.put(n, new float[rows]));
        for (int i = 0; i < rows; i++) {
            x[2 * i] = (float) random.nextGaussian();
            x[2 * i + 1] = (float) random.nextGaussian();
            for (int k = 0; k < names.size(); k++) {
                float coefficient = switch (names.get(k)) {
                    case "a" -> 1;
                    case "b" -> -1;
                    default -> k;
                };
                targets.get(names.get(k))[i] = x[2 * i] + coefficient * x[2 * i + 1];
            }
        }
        return new Split(rows, 2, x, targets);
    }
}
