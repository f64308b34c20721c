package io.branchwise.builtin.task;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.task.TaskDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The metrics of a task type in order (the first is the default) and which way each one improves. */
final class MetricSet {
    private final Map<String, Boolean> higherIsBetter = new LinkedHashMap<>();

    MetricSet higher(String name) {
        higherIsBetter.put(name, true);
        return this;
    }

    MetricSet lower(String name) {
        higherIsBetter.put(name, false);
        return this;
    }

    List<String> names() {
        return List.copyOf(higherIsBetter.keySet());
    }

    /** The task's metric, or the default when it names none; path {@code metric} when it is unknown. */
    String choose(TaskDefinition task) {
        String metric = task.metric();
        if (metric == null) {
            return names().get(0);
        }
        require(metric);
        return metric;
    }

    boolean higherIsBetter(String metric) {
        require(metric);
        return higherIsBetter.get(metric);
    }

    private void require(String metric) {
        if (!higherIsBetter.containsKey(metric)) {
            throw new SpecException("metric", "unknown metric \"" + metric + "\"; known: " + names());
        }
    }
}
