package io.branchwise.launcher;

/**
 * A protocol line (it is a JSON object with a {@code type}) that is not a well-formed message: a bug on the other
 * side, never stray output. It keeps the job the line named, so the job can fail with the reason instead of
 * waiting for a message that will not come.
 */
public final class MalformedLineException extends IllegalArgumentException {
    private final String type;
    private final long job;

    MalformedLineException(String type, long job, MalformedMessageException cause, String line) {
        super("malformed trainer message: " + cause.getMessage() + " in " + line, cause);
        this.type = type;
        this.job = job;
    }

    /** The line's {@code type}: which message it meant to be. */
    public String type() {
        return type;
    }

    /** The job the line named; {@link TrainerProtocol#NO_JOB} when it named none or its number was unreadable. */
    public long job() {
        return job;
    }

    public MalformedMessageException fault() {
        return (MalformedMessageException) getCause();
    }
}
