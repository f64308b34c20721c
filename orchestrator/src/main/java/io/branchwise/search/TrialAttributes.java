package io.branchwise.search;

/**
 * The system attributes a search writes on its trials, beside Optuna's params and values. A Python Optuna client
 * sees them as {@code trial.system_attrs}. Public for the faces that read trials back (the REST API).
 */
public final class TrialAttributes {
    /**
     * {@code true} on every trial a search created; trials without it were added by other clients sharing the study
     * (an Optuna worker), which the search learns from but does not count, recommend or finish.
     */
    public static final String OWNER = "branchwise:search";
    /** The canonical layout string ({@link io.branchwise.space.layout.SharingLayout}). */
    public static final String LAYOUT = "branchwise:layout";
    /** {@code {method, …hyper-parameters, weights?}}, as the trainer got it. */
    public static final String WEIGHTING = "branchwise:weighting";
    public static final String LEARNING_RATE = "branchwise:learning_rate";
    /** The hidden layers' activation and dropout rate the trainer got. */
    public static final String ACTIVATION = "branchwise:activation";
    public static final String DROPOUT = "branchwise:dropout";
    /** The layout's trainable parameters for this data and these heads ({@link io.branchwise.search.spec.ParameterBudget}). */
    public static final String PARAMETERS = "branchwise:parameters";
    /**
     * Optuna's key for constraint values (what {@code constraints_func} stores), feasible when all are ≤ 0: here one
     * value, the parameters beyond {@code search.max_parameters}. Only set when the spec has that budget.
     */
    public static final String CONSTRAINTS = "constraints";
    /** Why a layout was not trained: over the parameter budget. Such a trial is PRUNED with no values. */
    public static final String INFEASIBLE = "branchwise:infeasible";
    /** Δm in percent, positive = better: the value of a delta_m search, shown beside the per-task values of a Pareto one. */
    public static final String DELTA_M = "branchwise:delta_m";
    /** Per task, every metric of its type on the validation split, from the kept model (the best validation epoch). */
    public static final String VALIDATION = "branchwise:validation";
    /** The same on the test split (reported, never searched on). */
    public static final String TEST = "branchwise:test";
    /**
     * The number of the earlier trial with the same configuration (layout, weighting, learning rate, activation,
     * dropout): this one was not trained but finished as that one's copy, and counts neither towards the trials
     * wanted nor as a candidate of its own.
     */
    public static final String DUPLICATE_OF = "branchwise:duplicate_of";
    /** The epoch whose model the validation and test values are from (the best validation epoch). */
    public static final String BEST_EPOCH = "branchwise:best_epoch";
    /** Per task, Δ in percent against its single-task baseline, positive = better. */
    public static final String DELTA_PER_TASK = "branchwise:delta_per_task";
    public static final String NEGATIVE_TRANSFER = "branchwise:negative_transfer";
    /** {@code {tasks: [...], epochs: {"1": [one value per task], …}}}: the per-task curves. */
    public static final String TASK_VALUES = "branchwise:task_values";
    public static final String PRUNED_BECAUSE = "branchwise:pruned_because";
    /** Why a trial failed, as Optuna itself records it. */
    public static final String FAIL_REASON = "fail_reason";
    /**
     * {@code {trial: N, change: "t2 alone" | "t2 beside t0" | …}}: this trial was not proposed by the sampler but is
     * a repair of trial N, which lost a task significantly on repeats; it has no sampled parameters.
     */
    public static final String REPAIR_OF = "branchwise:repair_of";
    /** Where the trainer saved the trial's model, when it saved one. */
    public static final String MODEL = "branchwise:model";

    private TrialAttributes() {
    }
}
