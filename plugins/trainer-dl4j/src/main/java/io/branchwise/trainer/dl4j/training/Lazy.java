package io.branchwise.trainer.dl4j.training;

import java.util.function.Supplier;

/** A value built on first use: per-task gradient buffers (tasks × parameters floats) exist only if a step needs them. */
final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private T value;

    Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        if (value == null) {
            value = factory.get();
        }
        return value;
    }
}
