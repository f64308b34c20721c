package io.branchwise.search.spec;

import java.util.List;

/**
 * {@code space.activation}: the hidden layers' activation, one name (every trial and baseline uses it) or several
 * searched as a categorical. The names are the ones every trainer understands
 * ({@link io.branchwise.plugin.trainer.TrainingOptions}).
 */
public record Activations(List<String> names) {
    public static final String PARAMETER = "training.activation";

    public Activations {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("name at least one activation");
        }
    }

    public boolean isSearched() {
        return names.size() > 1;
    }

    /** What the baselines and reference layouts train with: the first listed, so a user lists their default first. */
    public String baseline() {
        return names.get(0);
    }
}
