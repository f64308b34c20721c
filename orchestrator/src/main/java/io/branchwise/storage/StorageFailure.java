package io.branchwise.storage;

/** The database itself failed (disk full, file locked, corrupted): not the caller's fault, nothing was applied. */
public final class StorageFailure extends RuntimeException {
    public StorageFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
