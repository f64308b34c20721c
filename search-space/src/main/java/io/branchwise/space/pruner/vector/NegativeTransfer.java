package io.branchwise.space.pruner.vector;

import java.util.Locale;

/**
 * Why a multi-task trial was pruned: one task trailed its single-task (STL) reference for too long.
 *
 * @param task              the task's index in the study's task order
 * @param step              the latest check, where the streak ends
 * @param value             the task's value at that step
 * @param reference         the STL reference compared with (at that step or the nearest earlier reference step)
 * @param relativeShortfall how much worse than the reference, relative to |reference|: 0.12 means 12% worse;
 *                          infinite when the reference is 0, NaN when the value is NaN
 * @param consecutiveChecks how many checks in a row, up to and including {@code step}, the task was too far behind
 */
public record NegativeTransfer(int task, long step, double value, double reference, double relativeShortfall,
                               int consecutiveChecks) {

    /** One line for logs and the dashboard. */
    public String describe() {
        return String.format(Locale.ROOT,
                "task %d trails its single-task reference by %.1f%% at step %d (%s vs %s) for %d consecutive checks",
                task, 100.0 * relativeShortfall, step, value, reference, consecutiveChecks);
    }
}
