package io.branchwise.search.spec;

import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.storage.StudyTask;

/**
 * A task of the spec as its task type bound it to the data: the metric its curves and Δm use, and which way that
 * metric improves (the sign of Δ).
 */
public record BoundTask(TaskDefinition definition, String metric, boolean higherIsBetter) {
    public String name() {
        return definition.name();
    }

    public double weight() {
        return definition.weight();
    }

    public StudyTask toStudyTask() {
        return new StudyTask(name(), definition.type(), metric,
                higherIsBetter ? StudyDirection.MAXIMIZE : StudyDirection.MINIMIZE);
    }
}
