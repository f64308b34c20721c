package io.branchwise.space.json;

/** Text that Python's {@code json.loads} would refuse; the message names the offset and what was expected. */
public final class JsonSyntaxException extends IllegalArgumentException {
    private final int offset;

    public JsonSyntaxException(String message, int offset) {
        super(message + " at offset " + offset);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
