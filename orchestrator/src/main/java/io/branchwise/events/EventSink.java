package io.branchwise.events;

/**
 * Where events go. Called on the thread that made the change (a storage worker, a search thread), so an
 * implementation must hand the event on quickly and must not block or throw.
 */
@FunctionalInterface
public interface EventSink {
    void publish(Event event);
}
