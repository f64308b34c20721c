package io.branchwise.storage;

import io.branchwise.space.study.StudyDirection;

/**
 * A task of a multi-task study: its name, task type, the metric its curves hold and which way that metric improves.
 */
public record StudyTask(String name, String type, String metric, StudyDirection direction) {
    public StudyTask {
        if (name == null || name.isEmpty() || type == null || type.isEmpty() || metric == null || metric.isEmpty()
                || direction == null) {
            throw new StorageException.InvalidInput("a study task needs a name, a type, a metric and a direction");
        }
    }
}
