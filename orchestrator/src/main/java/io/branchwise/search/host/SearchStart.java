package io.branchwise.search.host;

/** A search that has opened its study and runs on. */
public record SearchStart(long studyId, String studyName) {
}
