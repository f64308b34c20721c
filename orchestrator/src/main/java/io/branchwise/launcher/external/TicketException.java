package io.branchwise.launcher.external;

/** A report or tell that names a ticket it may not use. */
public abstract sealed class TicketException extends RuntimeException {
    private TicketException(String message) {
        super(message);
    }

    /** No job has this ticket: never handed out, or ended so long ago that it is forgotten. */
    public static final class Unknown extends TicketException {
        Unknown(String ticket) {
            super("ticket \"" + ticket + "\" names no job; tickets come from Ask");
        }
    }

    /** The job ended (told, failed, given up on after a stop); its trainer should abandon it. */
    public static final class Ended extends TicketException {
        Ended(String ticket, String how) {
            super("ticket \"" + ticket + "\": the trial has already ended (" + how + "); abandon it and Ask again");
        }
    }
}
