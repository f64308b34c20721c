package io.branchwise.builtin.data.csv;

/**
 * Strict parsing of decimal numbers ({@code 12}, {@code -0.5}, {@code 1e-3}). {@link Double#parseDouble} alone
 * also accepts {@code Infinity}, hexadecimal and Java's {@code d}/{@code f} suffixes ({@code "1f"} is 1.0), which
 * in a data file are typos, not numbers.
 */
final class DecimalNumbers {
    private DecimalNumbers() {
    }

    /** The value of a trimmed, non-empty field, or NaN when it is not a finite decimal number. */
    static double parse(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return Double.NaN;
            }
        }
        try {
            double v = Double.parseDouble(text);
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
