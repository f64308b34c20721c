package io.branchwise.launcher;

import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.DataSource;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test data source "fixture": two features, targets a = x0 + x1 and b = x0 − x1, seeded. */
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
        Random random = new Random(request.seed());
        return new Dataset("fixture", List.of("x0", "x1"), Map.of("a", TargetColumn.continuous("a"), "b", TargetColumn.continuous("b")),
                split(rows, random), split(rows, random), split(rows, random));
    }

    private static Split split(int rows, Random random) {
        float[] x = new float[rows * 2];
        float[] a = new float[rows];
        float[] b = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = (float) random.nextGaussian();
            x[2 * i + 1] = (float) random.nextGaussian();
            a[i] = x[2 * i] + x[2 * i + 1];
            b[i] = x[2 * i] - x[2 * i + 1];
        }
        return new Split(rows, 2, x, Map.of("a", a, "b", b));
    }
}
