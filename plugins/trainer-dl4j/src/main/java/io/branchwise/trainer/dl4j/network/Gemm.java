package io.branchwise.trainer.dl4j.network;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.ref.Reference;

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
        boolean direct = la != null && lb != null && lc != null
                && (transB ? b.size(1) : b.size(0)) == k && c.size(0) == m && c.size(1) == n
                && m > 0 && n > 0 && k > 0 && Math.max(m, Math.max(n, k)) <= Integer.MAX_VALUE;
        if (!direct) {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        // A column-major matrix is its transpose in row-major order: flip its transposition instead of copying it.
        boolean ta = transA != la.transposed;
        boolean tb = transB != lb.transposed;
        if (!lc.transposed) {
            cblas_sgemm(CblasRowMajor, flag(ta), flag(tb), (int) m, (int) n, (int) k, (float) alpha,
                    la.pointer, la.leading, lb.pointer, lb.leading, (float) beta, lc.pointer, lc.leading);
        } else {
            // A column-major c (a weight gradient, a view of DL4J's flattened gradients) is cᵀ in row-major order:
            // cᵀ = op(b)ᵀ·op(a)ᵀ.
            cblas_sgemm(CblasRowMajor, flag(!tb), flag(!ta), (int) n, (int) m, (int) k, (float) alpha,
                    lb.pointer, lb.leading, la.pointer, la.leading, (float) beta, lc.pointer, lc.leading);
        }
        // The pointers hold bare addresses: the arrays, which own the memory, must outlive the call.
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
        Reference.reachabilityFence(c);
    }

    private static int flag(boolean transposed) {
        return transposed ? CblasTrans : CblasNoTrans;
    }

    /**
     * A float matrix as BLAS sees it in row-major order: its memory, its leading dimension, and whether it is stored
     * transposed (column-major). Null when it is neither (strided views, other types, other ranks).
     */
    record Layout(FloatPointer pointer, int leading, boolean transposed) {
        static Layout of(INDArray x) {
            // A workspace array out of its scope goes to ND4J, whose check says so instead of reading reused memory.
            if (x.dataType() != DataType.FLOAT || x.rank() != 2 || x.isEmpty() || x.isAttached() && !x.isInScope()) {
                return null;
            }
            long rows = x.size(0);
            long cols = x.size(1);
            long s0 = x.stride(0);
            long s1 = x.stride(1);
            // The stride of a dimension of size 1 is never used (ND4J may give a row vector's rows stride 1), so a
            // single row or column is contiguous whatever it says; its leading dimension is then its length.
            long rowMajor = rows == 1 ? Math.max(1, cols) : s0;
            long columnMajor = cols == 1 ? Math.max(1, rows) : s1;
            if ((s1 == 1 || cols == 1) && rowMajor >= Math.max(1, cols) && rowMajor <= Integer.MAX_VALUE) {
                return new Layout(address(x), (int) rowMajor, false);
            }
            if ((s0 == 1 || rows == 1) && columnMajor >= Math.max(1, rows) && columnMajor <= Integer.MAX_VALUE) {
                return new Layout(address(x), (int) columnMajor, true);
            }
            return null;
        }

        /** The buffer's address already includes a view's offset. */
        private static FloatPointer address(INDArray x) {
            return new FloatPointer(x.data().addressPointer());
        }
    }
}
