package io.branchwise.search.spec;

import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.storage.StudyTask;

/**
 * A task of the spec as its task type bound it to the data: the metric its curves and Δm use, which way that
 * metric improves (the sign of Δ), and the sizes its network's parameters are counted with.
 *
 * @param headSize   the width of the task's output layer
 * @param inputWidth the data's feature count, which every layout reads
 * @param trivial    what predicting the training mean scores: the floor every model of the task must beat
 */
public record BoundTask(TaskDefinition definition, String metric, boolean higherIsBetter, int headSize,
                        int inputWidth, TrivialScores trivial) {
    public String name() {
        return definition.name();
    }

    public double weight() {
        return definition.weight();
    }

    public StudyDirection direction() {
        return higherIsBetter ? StudyDirection.MAXIMIZE : StudyDirection.MINIMIZE;
    }

    public StudyTask toStudyTask() {
        return new StudyTask(name(), definition.type(), metric, direction());
    }
}
