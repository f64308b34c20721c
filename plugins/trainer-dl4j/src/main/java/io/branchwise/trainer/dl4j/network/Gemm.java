package io.branchwise.trainer.dl4j.network;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * {@code c = α·op(a)·op(b) + β·c} straight through OpenBLAS's {@code cblas_sgemm} on the arrays' own memory. ND4J's
 * {@code gemm} reaches the same routine through a libnd4j op: an op context, shape buffers and a deallocator per call
 * (the context's deletion then costs a background thread too), 10–35 µs more per product on the reference MLP's
 * shapes, whose products take 20–270 µs. The results are the same BLAS routine's. Anything else — not float, not a
 * plain row- or column-major matrix, shapes that do not fit — goes to {@code Nd4j.gemm}, which also reports errors.
 */
final class Gemm {
    private Gemm() {
    }

    static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        Layout la = Layout.of(a);
        Layout lb = Layout.of(b);
        Layout lc = Layout.of(c);
        long m = transA ? a.size(1) : a.size(0);
        long k = transA ? a.size(0) : a.size(1);
        long n = transB ? b.size(0) : b.size(1);
        boolean direct = la != null && lb != null && lc != null && !lc.transposed
                && (transB ? b.size(1) : b.size(0)) == k && c.size(0) == m && c.size(1) == n
                && m > 0 && n > 0 && k > 0 && Math.max(m, Math.max(n, k)) <= Integer.MAX_VALUE;
        if (!direct) {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        // A column-major matrix is its transpose in row-major order: flip its transposition instead of copying it.
        cblas_sgemm(CblasRowMajor, transA != la.transposed ? CblasTrans : CblasNoTrans,
                transB != lb.transposed ? CblasTrans : CblasNoTrans, (int) m, (int) n, (int) k, (float) alpha,
                la.pointer, la.leading, lb.pointer, lb.leading, (float) beta, lc.pointer, lc.leading);
    }

    /**
     * A float matrix as BLAS sees it in row-major order: its memory, its leading dimension, and whether it is stored
     * transposed (column-major). Null when it is neither (strided views, other types, other ranks).
     */
    private record Layout(FloatPointer pointer, int leading, boolean transposed) {
        static Layout of(INDArray x) {
            if (x.dataType() != DataType.FLOAT || x.rank() != 2 || x.isEmpty()) {
                return null;
            }
            long rows = x.size(0);
            long cols = x.size(1);
            long s0 = x.stride(0);
            long s1 = x.stride(1);
            // The buffer's address already includes a view's offset.
            if ((s1 == 1 || cols == 1) && s0 >= Math.max(1, cols) && s0 <= Integer.MAX_VALUE) {
                return new Layout(new FloatPointer(x.data().addressPointer()), (int) s0, false);
            }
            if ((s0 == 1 || rows == 1) && s1 >= Math.max(1, rows) && s1 <= Integer.MAX_VALUE) {
                return new Layout(new FloatPointer(x.data().addressPointer()), (int) s1, true);
            }
            return null;
        }
    }
}
