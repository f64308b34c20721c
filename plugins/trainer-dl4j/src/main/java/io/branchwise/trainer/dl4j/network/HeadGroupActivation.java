package io.branchwise.trainer.dl4j.network;

import io.branchwise.plugin.task.LossKind;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * The output activation of a {@link HeadGroupLoss} layer: each head's own (sigmoid for binary cross-entropy
 * columns, identity for regression, softmax per softmax block), one native call per segment. Only the forward pass
 * uses it: the group loss differentiates through each head's activation itself.
 */
public final class HeadGroupActivation extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    private LossKind[] kinds;
    private int[] widths;
    private transient int[][] segments;

    /** For Jackson. */
    private HeadGroupActivation() {
    }

    HeadGroupActivation(LossKind[] kinds, int[] widths) {
        this.kinds = kinds.clone();
        this.widths = widths.clone();
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        if (segments == null) {
            segments = HeadGroupLoss.segments(kinds, widths);
        }
        for (int[] seg : segments) {
            LossKind kind = LossKind.values()[seg[2]];
            if (kind == LossKind.BINARY_CROSS_ENTROPY) {
                Transforms.sigmoid(HeadGroupLoss.columns(in, seg), false);
            } else if (kind == LossKind.SOFTMAX_CROSS_ENTROPY) {
                INDArray block = HeadGroupLoss.columns(in, seg);
                block.assign(Transforms.softmax(block, true));
            }
        }
        return in;
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        throw new UnsupportedOperationException("a head group's gradient is taken by its HeadGroupLoss");
    }

    @Override
    public String toString() {
        return "head-group" + Arrays.toString(kinds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeadGroupActivation a && Arrays.equals(a.kinds, kinds) && Arrays.equals(a.widths, widths);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(kinds) * 31 + Arrays.hashCode(widths);
    }
}
