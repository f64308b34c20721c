package io.branchwise.search.spec;

import io.branchwise.space.layout.SharingLayout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Counts a layout's trainable parameters for the bound data and tasks ({@link SharingLayout#parameterCount}: the
 * dense layers and heads a trainer builds, batch-norm parameters aside) and holds layouts to
 * {@code search.max_parameters}.
 */
public final class ParameterBudget {
    private final int inputWidth;
    private final Map<String, Integer> headSizes = new LinkedHashMap<>();
    private final OptionalLong max;

    public ParameterBudget(List<BoundTask> tasks, OptionalLong max) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a parameter budget needs the bound tasks");
        }
        this.inputWidth = tasks.get(0).inputWidth();
        tasks.forEach(t -> headSizes.put(t.name(), t.headSize()));
        this.max = max;
    }

    public long count(SharingLayout layout) {
        return layout.parameterCount(inputWidth, headSizes).total();
    }

    public boolean fits(long parameters) {
        return max.isEmpty() || parameters <= max.getAsLong();
    }

    /**
     * Optuna's constraint values for a layout with {@code parameters}: feasible when ≤ 0, so the one value is how
     * many parameters it has beyond the budget. Empty without a budget, as for a study without constraints.
     */
    public List<Double> constraints(long parameters) {
        return max.isEmpty() ? List.of() : List.of((double) (parameters - max.getAsLong()));
    }

    public OptionalLong max() {
        return max;
    }

    public int inputWidth() {
        return inputWidth;
    }
}
