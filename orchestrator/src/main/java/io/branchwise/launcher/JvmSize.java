package io.branchwise.launcher;

import java.util.Locale;

/** A memory size as the JVM's {@code -Xmx} takes it: a positive number of bytes, or of k, m, g or t (powers of 1024). */
public final class JvmSize {
    private JvmSize() {
    }

    /** @throws IllegalArgumentException not such a size, or not positive */
    public static long bytes(String size) {
        String s = size.toLowerCase(Locale.ROOT);
        if (!s.matches("[0-9]+[kmgt]?")) { // what -Xmx takes: no sign, no spaces, ASCII digits
            throw new IllegalArgumentException("a memory size is a positive number with k, m, g or t, such as 512m or 2g,"
                    + " got \"" + size + "\"");
        }
        int shift = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n < 1 || n > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a memory size is a positive number with k, m, g or t, such as 512m or 2g,"
                    + " got \"" + size + "\"");
        }
    }
}
