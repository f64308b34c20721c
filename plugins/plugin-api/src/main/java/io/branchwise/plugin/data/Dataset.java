package io.branchwise.plugin.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link DataSource} loads: named features, described target columns and the three splits. Validation
 * drives early stopping, pruning and model choice; test is reported once at the end, so the search never sees it.
 */
public record Dataset(String name, List<String> featureNames, Map<String, TargetColumn> targets,
                      Split train, Split validation, Split test) {
    public Dataset {
        featureNames = List.copyOf(featureNames);
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        for (Split s : List.of(train, validation, test)) {
            if (s.featureCount() != featureNames.size()) {
                throw new IllegalArgumentException("data set " + name + ": a split has " + s.featureCount()
                        + " features, expected " + featureNames.size());
            }
            if (!s.targets().keySet().equals(targets.keySet())) {
                throw new IllegalArgumentException("data set " + name + ": a split has targets " + s.targets().keySet()
                        + ", expected " + targets.keySet());
            }
        }
        if (train.rows() == 0 || validation.rows() == 0) {
            throw new IllegalArgumentException("data set " + name + ": train and validation splits must not be empty");
        }
    }

    public int featureCount() {
        return featureNames.size();
    }

    /** A target column's description; fails naming the known columns. */
    public TargetColumn target(String column) {
        TargetColumn t = targets.get(column);
        if (t == null) {
            throw new IllegalArgumentException("column \"" + column + "\" not in data set " + name + "; targets are " + targets.keySet());
        }
        return t;
    }
}
