package io.branchwise.builtin.data.csv;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;

import java.util.Locale;

/** What the csv source does with a missing value (see {@link MissingValues} for what counts as missing). */
enum MissingPolicy {
    /** Fail, naming the file, line and column: the default, because silently changing data hides problems. */
    REFUSE,
    /** Drop every row with a missing value in a column the data set uses. */
    DROP_ROWS,
    /**
     * Replace a missing feature value by the column's mean over the training rows. Targets are never imputed (a
     * made-up label would be trained on and scored against): rows with a missing target are dropped.
     */
    MEAN;

    static MissingPolicy from(Options options, String key) {
        String name = options.string(key, "refuse");
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SpecException(options.path(key), "must be refuse, drop_rows or mean, got \"" + name + "\"");
        }
    }
}
