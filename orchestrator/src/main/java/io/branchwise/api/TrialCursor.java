package io.branchwise.api;

import io.branchwise.storage.query.TrialOrder;
import io.branchwise.storage.query.TrialSortKey;

/**
 * The {@code after} cursor of a trial list: the last row's sort key ({@link TrialSortKey#token()}), opaque to
 * clients. It names the order it was issued for, so a cursor reused with another {@code sort} is refused instead of
 * silently skipping rows.
 */
final class TrialCursor {
    private static final String PARAMETER = "after";

    private TrialCursor() {
    }

    static String encode(TrialSortKey key) {
        return key.token();
    }

    static TrialSortKey decode(String cursor, TrialOrder expected, String sortText) {
        TrialSortKey key;
        try {
            key = TrialSortKey.fromToken(cursor);
        } catch (IllegalArgumentException e) {
            throw malformed(cursor);
        }
        TrialOrder order = key.order();
        if (order != expected) {
            throw ProblemException.badParameter(PARAMETER, "this cursor continues a list with sort="
                    + TrialSorts.text(order) + ", not sort=" + sortText + "; start again without after to change the order");
        }
        return key;
    }

    private static ProblemException malformed(String cursor) {
        return ProblemException.badParameter(PARAMETER, "\"" + cursor + "\" is not a cursor from this API; pass the"
                + " \"next\" value of the previous page unchanged");
    }
}
