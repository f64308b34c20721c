package io.branchwise.events;

/** What changed; {@link #wireName()} is the SSE {@code event:} field. */
public enum EventType {
    STUDY_CREATED("study-created"),
    STUDY_DELETED("study-deleted"),
    TRIAL_CREATED("trial-created"),
    /** A trial reached COMPLETE, PRUNED or FAIL. */
    TRIAL_FINISHED("trial-finished"),
    /** An intermediate value, or a per-task vector, at a step. */
    TRIAL_REPORTED("trial-reported"),
    SEARCH_STARTED("search-started"),
    /** A search changed phase, started or finished a job, measured affinity or finished a trial. */
    SEARCH_PROGRESS("search-progress"),
    SEARCH_FINISHED("search-finished");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
