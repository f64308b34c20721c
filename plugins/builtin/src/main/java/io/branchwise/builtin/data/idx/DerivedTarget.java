package io.branchwise.builtin.data.idx;

import java.util.function.IntUnaryOperator;

/**
 * A target computed from the raw class label, so one image set yields several related tasks (the item, its
 * coarse group, yes/no questions) with known relations between them.
 *
 * @param classes number of classes of the derived target
 * @param map     raw label → derived class, 0..classes−1
 */
public record DerivedTarget(String name, int classes, IntUnaryOperator map) {

    /** A yes/no target: 1 when the label is one of {@code labels}. */
    static DerivedTarget oneOf(String name, int... labels) {
        return new DerivedTarget(name, 2, label -> {
            for (int l : labels) {
                if (l == label) {
                    return 1;
                }
            }
            return 0;
        });
    }
}
