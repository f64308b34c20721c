package io.branchwise.search;

/** A search that cannot start or go on, with a reason a person can act on. */
public final class SearchException extends RuntimeException {
    public SearchException(String message) {
        super(message);
    }
}
