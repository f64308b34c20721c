package io.branchwise.plugin.data;

/**
 * A target column of a data set. Class labels are stored as floats 0, 1, …, classes−1 so that every target is one
 * float per row; a task type checks the kind it needs.
 *
 * @param classes 0 for a continuous target, otherwise the number of classes (2 for a binary label)
 */
public record TargetColumn(String name, int classes) {
    public TargetColumn {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a target column needs a name");
        }
        if (classes < 0 || classes == 1) {
            throw new IllegalArgumentException("target " + name + ": classes must be 0 (continuous) or at least 2, got " + classes);
        }
    }

    public static TargetColumn continuous(String name) {
        return new TargetColumn(name, 0);
    }

    public static TargetColumn categorical(String name, int classes) {
        return new TargetColumn(name, classes);
    }

    public boolean isContinuous() {
        return classes == 0;
    }
}
