package io.branchwise.cli;

import java.util.Locale;

/** A size as the JVM's {@code -Xmx} writes it: a number with an optional k, m or g (powers of 1024). */
final class ByteSize {
    private ByteSize() {
    }

    /** @throws IllegalArgumentException not such a size, or not positive */
    static long parse(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int shift = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n < 1 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a positive size such as 512m or 2g, got " + text);
        }
    }
}
