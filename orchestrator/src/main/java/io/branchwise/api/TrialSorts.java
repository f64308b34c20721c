package io.branchwise.api;

import io.branchwise.storage.query.TrialOrder;

import java.util.Map;

/** The {@code sort} parameter's words for each {@link TrialOrder}. */
final class TrialSorts {
    private static final Map<String, TrialOrder> BY_TEXT = Map.of("number", TrialOrder.NUMBER,
            "-number", TrialOrder.NUMBER_DESCENDING, "value", TrialOrder.VALUE, "-value", TrialOrder.VALUE_DESCENDING);

    private TrialSorts() {
    }

    static TrialOrder parse(String text) {
        if (text == null) {
            return TrialOrder.NUMBER;
        }
        TrialOrder order = BY_TEXT.get(text.trim());
        if (order == null) {
            throw ProblemException.badParameter("sort", "must be one of number, -number, value, -value; got \"" + text + "\"");
        }
        return order;
    }

    static String text(TrialOrder order) {
        return BY_TEXT.entrySet().stream().filter(e -> e.getValue() == order).findFirst().orElseThrow().getKey();
    }
}
