package io.branchwise.search.spec;

import io.branchwise.plugin.SpecException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the problems of independent parts of a spec: each part is read on its own, so a mistake in
 * {@code tasks} does not hide one in {@code search}. Within a part the first problem wins, since later checks
 * there usually depend on earlier ones.
 */
final class SpecProblems {
    private final List<SpecException> found = new ArrayList<>();

    /** The part's value, or null after recording its problem. */
    <T> T read(Supplier<T> part) {
        try {
            return part.get();
        } catch (SpecException e) {
            found.add(e);
            return null;
        }
    }

    void check(Runnable part) {
        read(() -> {
            part.run();
            return null;
        });
    }

    void add(String path, String problem) {
        found.add(new SpecException(path, problem));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidSpecException(found);
        }
    }
}
