package io.branchwise.trainer.dl4j.network;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dense layer's bias through the matrix product instead of ND4J's broadcast and column-sum ops. In ND4J 1.0.0-M2.1
 * on one thread, {@code addiRowVector} costs 45–55 µs and {@code sum(0)} up to 78 µs on the reference MLP's 256×256
 * activations; the same work as a product with a column (or row) of ones costs what a small GEMM costs, 8–15 µs:
 * {@code z = 1·b} then {@code z += x·W} (one GEMM with β = 1), and {@code ∂b = 1ᵀ·δ}. Same numbers up to float
 * rounding of the summation order.
 */
final class Bias {
    /**
     * Ones arrays by data type and shape, per thread (a trainer is single-threaded), outside any workspace. The key
     * is a number, not a string: it is looked up twice per layer and step.
     */
    private static final ThreadLocal<Map<Long, INDArray>> ONES = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, INDArray> eldest) {
                    return size() > 8; // a full batch, the last batch, evaluation chunks
                }
            });

    private Bias() {
    }

    private static INDArray ones(DataType type, long rows, long cols) {
        // Rows and columns of a batch or a layer stay far below 2^28.
        long key = ((long) type.ordinal() << 56) | (rows << 28) | cols;
        return ONES.get().computeIfAbsent(key, k -> {
            try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                return Nd4j.ones(type, rows, cols);
            }
        });
    }

    /** {@code z = x·w + b} for a C-ordered {@code z} and a 1×n {@code b} ({@link Row}); without a bias, {@code z = x·w}. */
    static void affine(INDArray x, INDArray w, INDArray b, INDArray z) {
        if (b == null) {
            Gemm.gemm(x, w, z, false, false, 1.0, 0.0);
            return;
        }
        Gemm.gemm(ones(z.dataType(), z.size(0), 1), b, z, false, false, 1.0, 0.0);
        Gemm.gemm(x, w, z, false, false, 1.0, 1.0);
    }

    /** {@code grad = Σ_rows delta}, written into the 1×n view {@code grad} of the bias gradient ({@link Row}). */
    static void gradient(INDArray delta, INDArray grad) {
        Gemm.gemm(ones(delta.dataType(), 1, delta.size(0)), delta, grad, false, false, 1.0, 0.0);
    }

    /**
     * A layer's bias (or bias gradient) as the 1×n row the products above take. DL4J keeps biases as vectors; a
     * reshape makes a new array, and with it a native buffer to release, on every call — twice per layer and step.
     * The parameter and gradient views of a layer are the same arrays for its whole life, so the row is made once,
     * and again only if the layer is handed another array.
     */
    static final class Row {
        private INDArray source;
        private INDArray row;

        INDArray of(INDArray v) {
            if (v != source) {
                row = v.rank() == 2 && v.size(0) == 1 ? v : v.reshape(1, v.length());
                source = v;
            }
            return row;
        }
    }
}
