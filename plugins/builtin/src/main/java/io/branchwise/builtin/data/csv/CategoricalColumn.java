package io.branchwise.builtin.data.csv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A growing column of class names. Each distinct name gets a provisional id as it is first seen; {@link #classes}
 * then numbers the names 0..K−1 in sorted order, so the mapping depends only on which values the file holds, not
 * on their order or on the split. Names sort as numbers when every one of them is a number (so 2 comes before
 * 10), otherwise as text.
 */
final class CategoricalColumn {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private int[] rows = new int[1024];
    private int size;
    private long nameChars;

    /** @param value the trimmed field, or null when missing */
    void add(String value) {
        int id = -1;
        if (value != null) {
            id = ids.computeIfAbsent(value, v -> {
                names.add(v);
                nameChars += v.length();
                return names.size() - 1;
            });
        }
        if (size == rows.length) {
            rows = Arrays.copyOf(rows, size * 2);
        }
        rows[size++] = id;
    }

    /** The characters of the distinct names together: what the column keeps beyond one number per row. */
    long nameChars() {
        return nameChars;
    }

    /** The distinct names in class order: element k is class k. */
    List<String> classes() {
        List<String> sorted = new ArrayList<>(names);
        boolean numeric = sorted.stream().noneMatch(n -> Double.isNaN(DecimalNumbers.parse(n)));
        sorted.sort(numeric ? Comparator.comparingDouble(DecimalNumbers::parse).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder());
        return sorted;
    }

    /** Each row's class index as a double (NaN when missing), matching {@link #classes()}. */
    double[] values() {
        List<String> classes = classes();
        int[] classOfId = new int[names.size()];
        for (int k = 0; k < classes.size(); k++) {
            classOfId[ids.get(classes.get(k))] = k;
        }
        double[] out = new double[size];
        for (int r = 0; r < size; r++) {
            out[r] = rows[r] < 0 ? Double.NaN : classOfId[rows[r]];
        }
        return out;
    }
}
