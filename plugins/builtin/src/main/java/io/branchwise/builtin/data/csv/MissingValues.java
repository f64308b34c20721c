package io.branchwise.builtin.data.csv;

/**
 * Which field texts mean "no value": an empty field and the usual markers of spreadsheets, R and pandas
 * ({@code NA}, {@code N/A}, {@code NaN}, {@code null}, any case) and UCI's {@code ?}. Fields are trimmed first.
 */
final class MissingValues {
    private MissingValues() {
    }

    static boolean isMissing(String trimmed) {
        return switch (trimmed.length()) {
            case 0 -> true;
            case 1 -> trimmed.charAt(0) == '?';
            case 2 -> trimmed.equalsIgnoreCase("NA");
            case 3 -> trimmed.equalsIgnoreCase("N/A") || trimmed.equalsIgnoreCase("NaN");
            case 4 -> trimmed.equalsIgnoreCase("null");
            default -> false;
        };
    }
}
