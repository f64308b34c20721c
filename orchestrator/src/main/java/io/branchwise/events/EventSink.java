package io.branchwise.events;

/**
 * Where events go. Called on the thread that made the change (a storage worker, a search thread), so an
 * implementation must hand the event on quickly and must not block or throw.
 */
@FunctionalInterface
public interface EventSink {
    void publish(Event event);

    /**
     * Whether anyone would see an event now. Building some events costs a storage read (a trial's study and
     * number), which a sink nobody watches lets the writer skip.
     */
    default boolean isListening() {
        return true;
    }
}
