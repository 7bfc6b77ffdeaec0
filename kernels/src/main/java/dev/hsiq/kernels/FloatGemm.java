/*
 * Single-precision matrix multiply-accumulate, the kernel under float convolution (via
 * im2col), dense layers, and their backward passes in training.
 *
 * Contract: C[m x n] += op(A)[m x k] * op(B)[k x n], all row-major, where op(A) = A (an m x k
 * block with row stride lda) or A^T (A stored as a k x m block with row stride lda), and the
 * same for B. Offsets locate the top-left element of each block. C is never read outside its
 * m x n block. Results of the vector implementation may differ from the scalar reference by
 * float reassociation only (tolerance stated in the tests).
 */
package dev.hsiq.kernels;

public interface FloatGemm {

    /** C += op(A) * op(B). See the type comment for the layout contract. */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float[] c, int cOff, int ldc);

    /** The implementation chosen at startup: Vector API when available, else the scalar reference. */
    static FloatGemm get() {
        return Holder.INSTANCE;
    }

    /** The scalar reference implementation (fallback and test oracle). */
    static FloatGemm scalar() {
        return ScalarFloatGemm.INSTANCE;
    }

    final class Holder {
        private static final FloatGemm INSTANCE = Vectorization.load(
                FloatGemm.class, "dev.hsiq.kernels.panama.PanamaFloatGemm", () -> ScalarFloatGemm.INSTANCE);

        private Holder() {
        }
    }
}
