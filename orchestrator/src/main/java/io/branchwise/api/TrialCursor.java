package io.branchwise.api;

import io.branchwise.storage.query.TrialOrder;
import io.branchwise.storage.query.TrialSortKey;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code after} cursor of a trial list: the last row's sort key and id, opaque to clients. It names the order
 * it was issued for, so a cursor reused with another {@code sort} is refused instead of silently skipping rows.
 * Values travel as their exact bits, so paging by value neither loses nor repeats ties after a rounding.
 */
final class TrialCursor {
    private static final String VERSION = "t1";
    private static final String PARAMETER = "after";

    private TrialCursor() {
    }

    static String encode(TrialSortKey key) {
        String value = key.value() == null ? "-" : Long.toHexString(Double.doubleToRawLongBits(key.value()));
        String text = String.join("~", VERSION, key.order().name(), value, Long.toString(key.number()),
                Long.toString(key.trialId()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static TrialSortKey decode(String cursor, TrialOrder expected, String sortText) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("~", -1);
        } catch (IllegalArgumentException e) {
            throw malformed(cursor);
        }
        if (parts.length != 5 || !parts[0].equals(VERSION)) {
            throw malformed(cursor);
        }
        TrialOrder order;
        Double value;
        long number;
        long trialId;
        try {
            order = TrialOrder.valueOf(parts[1]);
            value = parts[2].equals("-") ? null : Double.longBitsToDouble(Long.parseUnsignedLong(parts[2], 16));
            number = Long.parseLong(parts[3]);
            trialId = Long.parseLong(parts[4]);
        } catch (IllegalArgumentException e) {
            throw malformed(cursor);
        }
        if (order != expected) {
            throw ProblemException.badParameter(PARAMETER, "this cursor continues a list with sort="
                    + TrialSorts.text(order) + ", not sort=" + sortText + "; start again without after to change the order");
        }
        return new TrialSortKey(order, value, number, trialId);
    }

    private static ProblemException malformed(String cursor) {
        return ProblemException.badParameter(PARAMETER, "\"" + cursor + "\" is not a cursor from this API; pass the"
                + " \"next\" value of the previous page unchanged");
    }
}
