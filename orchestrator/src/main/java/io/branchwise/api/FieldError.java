package io.branchwise.api;

/**
 * One problem of a request body or parameter, where it is ({@code tasks[2].target}, {@code limit}; empty for the
 * body as a whole) and what is wrong there.
 */
record FieldError(String path, String message) {
}
