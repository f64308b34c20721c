package io.branchwise.builtin.data.csv;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataFormatException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which header positions the data set reads: the feature columns and the target columns, in the order the
 * options name them (features in file order when omitted). Columns in neither are skipped unread.
 *
 * @param named per header position, whether the options name that column; errors quote only such names (see
 *              {@link #label}), since anything else in the file may be private
 */
record ColumnLayout(List<String> header, int[] features, int[] targets, boolean[] categorical, boolean[] named) {

    /**
     * @throws DataFormatException the header names a column twice, or a used column has no name
     * @throws SpecException       an option names a column the header lacks
     */
    static ColumnLayout resolve(CsvOptions options, String[] header, String file, long headerLine) throws DataFormatException {
        Map<String, Integer> index = indexOf(header, file, headerLine);
        int[] targets = positions(options, "targets", options.targets(), index, header, file, headerLine);
        int[] features;
        if (options.features() != null) {
            features = positions(options, "features", options.features(), index, header, file, headerLine);
        } else {
            features = everyColumnBut(targets, header, file, headerLine);
            if (features.length == 0) {
                throw new SpecException(options.source().path("targets"), "every column of " + file
                        + " is a target; there are no feature columns left");
            }
        }
        boolean[] categorical = new boolean[targets.length];
        for (int i = 0; i < targets.length; i++) {
            categorical[i] = options.categorical().contains(options.targets().get(i));
        }
        boolean[] named = new boolean[header.length];
        for (int t : targets) {
            named[t] = true;
        }
        if (options.features() != null) {
            for (int f : features) {
                named[f] = true;
            }
        }
        return new ColumnLayout(List.of(header), features, targets, categorical, named);
    }

    String name(int position) {
        return header.get(position);
    }

    /** The column for a message: {@code column "y"} when the spec names it, otherwise {@code column 4} (1-based). */
    String label(int position) {
        return named[position] ? "column \"" + header.get(position) + "\"" : "column " + (position + 1);
    }

    private static Map<String, Integer> indexOf(String[] header, String file, long line) throws DataFormatException {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            header[i] = header[i].trim();
            Integer before = index.put(header[i], i);
            if (before != null && !header[i].isEmpty()) {
                throw new DataFormatException(file, line, "columns " + (before + 1) + " and " + (i + 1)
                        + " of the header have the same name; every column needs its own");
            }
        }
        return index;
    }

    private static int[] positions(CsvOptions options, String key, List<String> names, Map<String, Integer> index,
                                   String[] header, String file, long line) {
        int[] out = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            Integer p = index.get(names.get(i));
            if (p == null) {
                throw new SpecException(options.source().path(key) + "[" + i + "]", "column \"" + names.get(i)
                        + "\" is not in the header of " + file + " (line " + line + ", " + header.length + " columns);"
                        + " names must match exactly, apart from spaces around them");
            }
            out[i] = p;
        }
        return out;
    }

    private static int[] everyColumnBut(int[] targets, String[] header, String file, long line) throws DataFormatException {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            final int column = i;
            if (Arrays.stream(targets).noneMatch(t -> t == column)) {
                if (header[i].isEmpty()) {
                    throw new DataFormatException(file, line, "column " + (i + 1) + " has no name; name it, or list the "
                            + "features explicitly to leave it out");
                }
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
