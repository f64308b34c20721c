package io.branchwise.builtin.data.csv;

import io.branchwise.plugin.data.TargetColumn;

import java.util.List;

/**
 * The used columns of a CSV file, read whole: one double array per feature and per target, NaN where a value is
 * missing (only possible when the missing policy is not {@code refuse}). Categorical targets hold class indices.
 *
 * @param featureLabels how messages name each feature (see {@link ColumnLayout#label})
 */
record CsvTable(String file, List<String> featureNames, List<String> featureLabels, double[][] features,
                List<TargetColumn> targetColumns, double[][] targets, int rows) {

    /** Whether any feature of the row is missing. */
    boolean featureMissing(int row) {
        for (double[] column : features) {
            if (Double.isNaN(column[row])) {
                return true;
            }
        }
        return false;
    }

    /** Whether any target of the row is missing. */
    boolean targetMissing(int row) {
        for (double[] column : targets) {
            if (Double.isNaN(column[row])) {
                return true;
            }
        }
        return false;
    }
}
