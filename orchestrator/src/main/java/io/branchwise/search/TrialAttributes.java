package io.branchwise.search;

/**
 * The system attributes a search writes on its trials, beside Optuna's params and values. A Python Optuna client
 * sees them as {@code trial.system_attrs}.
 */
final class TrialAttributes {
    /** The canonical layout string ({@link io.branchwise.space.layout.SharingLayout}). */
    static final String LAYOUT = "branchwise:layout";
    /** {@code {method, …hyper-parameters, weights?}}, as the trainer got it. */
    static final String WEIGHTING = "branchwise:weighting";
    static final String LEARNING_RATE = "branchwise:learning_rate";
    /** Per task, every metric of its type on the validation split, from the final model. */
    static final String VALIDATION = "branchwise:validation";
    /** The same on the test split (reported, never searched on). */
    static final String TEST = "branchwise:test";
    /** Per task, Δ in percent against its single-task baseline, positive = better. */
    static final String DELTA_PER_TASK = "branchwise:delta_per_task";
    static final String NEGATIVE_TRANSFER = "branchwise:negative_transfer";
    /** {@code {tasks: [...], epochs: {"1": [one value per task], …}}}: the per-task curves. */
    static final String TASK_VALUES = "branchwise:task_values";
    static final String PRUNED_BECAUSE = "branchwise:pruned_because";
    /** Where the trainer saved the trial's model, when it saved one. */
    static final String MODEL = "branchwise:model";

    private TrialAttributes() {
    }
}
