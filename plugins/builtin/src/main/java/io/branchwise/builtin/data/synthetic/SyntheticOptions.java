package io.branchwise.builtin.data.synthetic;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataLimits;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The synthetic source's options, checked. See {@link SyntheticDataSource} for their meaning. */
record SyntheticOptions(TaskCorrelation correlation, List<String> names, int rows, int validationRows, int testRows,
                        int dimensions, double noiseVariance, boolean standardizeTargets) {

    static final Set<String> KNOWN = Set.of("tasks", "correlation", "groups", "intra", "inter", "rows",
            "validation_rows", "test_rows", "dimensions", "noise_variance", "standardize_targets", "names");

    static SyntheticOptions from(Options o) {
        o.requireOnly(KNOWN);
        TaskCorrelation correlation = TaskCorrelation.from(o);
        int tasks = correlation.tasks();
        int dimensions = o.integer("dimensions", 100, 1);
        if (tasks > dimensions) {
            throw new SpecException(o.path("dimensions"), dimensions + " dimensions cannot hold " + tasks
                    + " orthonormal task directions; use at least " + tasks);
        }
        return new SyntheticOptions(correlation, names(o, tasks), o.integer("rows", 20000, 2),
                o.integer("validation_rows", 5000, 1), o.integer("test_rows", 5000, 0), dimensions,
                o.number("noise_variance", 0.01, 0, Double.MAX_VALUE), o.bool("standardize_targets", true));
    }

    /**
     * Refuses sizes over {@code limits} before anything of that size is allocated: the features of all splits
     * (rows × dimensions) and the task vectors (tasks × dimensions).
     *
     * @param o the options these were read from, for the error's path
     */
    void checkSize(Options o, DataLimits limits) {
        limits.checkCells(o.path("rows"), "(rows + validation_rows + test_rows) × dimensions",
                (long) rows + validationRows + testRows, dimensions);
        limits.checkCells(o.path("dimensions"), "tasks × dimensions", correlation.tasks(), dimensions);
    }

    private static List<String> names(Options o, int tasks) {
        if (!o.has("names")) {
            List<String> names = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                names.add("t" + t);
            }
            return names;
        }
        List<String> names = o.strings("names");
        if (names.size() != tasks) {
            throw new SpecException(o.path("names"), names.size() + " names for " + tasks + " tasks");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!seen.add(names.get(i))) {
                throw new SpecException(o.path("names") + "[" + i + "]", "\"" + names.get(i) + "\" is used twice");
            }
        }
        return names;
    }
}
