package io.branchwise.space.metric;

/**
 * One task's metric in the multi-task model and in its single-task baseline (STL, trained alone with the same
 * budget), and which way the metric improves.
 */
public record TaskComparison(String task, double multiTask, double singleTask, boolean higherIsBetter) {
}
