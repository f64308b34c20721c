package io.branchwise.storage;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Datetimes as Optuna's client writes and parses them: Python's {@code "%Y-%m-%d %H:%M:%S.%f"}, naive local time.
 * The fraction must always be there and have at most six digits, or the client's {@code strptime} fails.
 */
public final class PythonDatetime {
    private static final DateTimeFormatter WRITE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter READ = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 6, true)
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private PythonDatetime() {
    }

    public static String now() {
        return LocalDateTime.now().truncatedTo(ChronoUnit.MICROS).format(WRITE);
    }

    /** True for text that Python's strptime with Optuna's format accepts. */
    public static boolean isValid(String text) {
        try {
            READ.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
