package io.branchwise.lifecycle;

import java.util.function.Consumer;

/**
 * Where an error the process cannot trust itself after (out of memory, a stack overflow in a JVM internal) is
 * reported, wherever it surfaced: a failed request, an uncaught exception, a heap over its limit. The server
 * registers a clean stop (its shutdown closes the database properly); without a handler nothing happens, so tests
 * and the embedded run keep their own behaviour.
 */
public final class FatalErrors {
    private static volatile Consumer<Throwable> handler;

    private FatalErrors() {
    }

    public static void onFatal(Consumer<Throwable> action) {
        handler = action;
    }

    /** Reports {@code failure} if it, or one of its causes, is a {@link VirtualMachineError}. */
    public static void check(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VirtualMachineError fatal) {
                report(fatal);
                return;
            }
        }
    }

    public static void report(Throwable fatal) {
        Consumer<Throwable> action = handler;
        if (action != null) {
            action.accept(fatal);
        }
    }
}
