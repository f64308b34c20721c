package io.branchwise.storage;

/** A refused storage operation. Subclasses say why; the message says what and where, for a person to act on. */
public abstract sealed class StorageException extends RuntimeException
        permits StorageException.NotFound, StorageException.DuplicateStudy, StorageException.TrialFinished,
                StorageException.InvalidInput {

    protected StorageException(String message) {
        super(message);
    }

    /** The study or trial does not exist (or was deleted with its study). */
    public static final class NotFound extends StorageException {
        public NotFound(String message) {
            super(message);
        }
    }

    public static final class DuplicateStudy extends StorageException {
        public DuplicateStudy(String name) {
            super("a study named \"" + name + "\" already exists");
        }
    }

    /** The trial is COMPLETE, PRUNED or FAIL and so can no longer change. */
    public static final class TrialFinished extends StorageException {
        public TrialFinished(long trialId, String state) {
            super("trial " + trialId + " is already finished (" + state + ") and cannot be updated");
        }
    }

    public static final class InvalidInput extends StorageException {
        public InvalidInput(String message) {
            super(message);
        }
    }
}
