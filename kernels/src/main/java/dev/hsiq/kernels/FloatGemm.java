/*
 * Single-precision matrix multiply-accumulate, the kernel under float convolution (via
 * im2col), dense layers, and their backward passes in training.
 *
 * Contract: C[m x n] += op(A)[m x k] * op(B)[k x n], all row-major, where op(A) = A (an m x k
 * block with row stride lda) or A^T (A stored as a k x m block with row stride lda), and the
 * same for B. Offsets locate the top-left element of each block. C is never read outside its
 * m x n block. Results of the vector implementation may differ from the scalar reference by
 * float reassociation only (tolerance stated in the tests).
 *
 * Packed operands: an operand that is reused across many calls (inference weights) can be
 * packed once with packA / packB into the implementation's internal layout and passed to
 * gemmPackedA / gemmPackedB, which skip the per-call packing. A PackedMatrix only works with
 * the FloatGemm that made it. Which side the weights should go on: see PanamaFloatGemm
 * (measured: weights as B, n = output channels, for the per-patch and batched shapes).
 *
 * Parallel overloads split C into blocks of whole register tiles; every element is computed
 * by exactly one task with the same reduction order as the sequential call, so results are
 * bit-identical whatever the thread count.
 */
package dev.hsiq.kernels;

public interface FloatGemm {

    /** C += op(A) * op(B). See the type comment for the layout contract. */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float[] c, int cOff, int ldc);

    /**
     * C += op(A) * op(B), with the work split over output blocks on {@code parallel}.
     * Bit-identical to the sequential call for every thread count.
     */
    default void gemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, Parallel parallel) {
        GemmChecks.check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        // Generic split over row blocks: each element's sum is computed exactly as in the
        // sequential call as long as the implementation's result for an element does not
        // depend on which rows share its call (true of the scalar reference).
        int tasks = Math.min(parallel.threads(), Math.max(1, m / 16));
        if (tasks <= 1 || m == 0 || n == 0) {
            gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        parallel.forEach(tasks, t -> {
            int i0 = (int) ((long) m * t / tasks);
            int i1 = (int) ((long) m * (t + 1) / tasks);
            int aStart = transA ? aOff + i0 : aOff + i0 * lda;
            gemm(transA, transB, i1 - i0, n, k, a, aStart, lda, b, bOff, ldb, c, cOff + i0 * ldc, ldc);
        });
    }

    /** Packs op(A) (m x k) once for repeated use as the left operand of gemmPackedA. */
    PackedMatrix packA(boolean transA, int m, int k, float[] a, int aOff, int lda);

    /** Packs op(B) (k x n) once for repeated use as the right operand of gemmPackedB. */
    PackedMatrix packB(boolean transB, int k, int n, float[] b, int bOff, int ldb);

    /** C[m x n] += A * op(B), A packed by this implementation's packA (m, k from it). */
    default void gemmPackedA(PackedMatrix a, boolean transB, int n, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc) {
        gemmPackedA(a, transB, n, b, bOff, ldb, c, cOff, ldc, Parallel.sequential());
    }

    /** C[m x n] += A * op(B) on {@code parallel}; bit-identical to the sequential call. */
    void gemmPackedA(PackedMatrix a, boolean transB, int n, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, Parallel parallel);

    /** C[m x n] += op(A) * B, B packed by this implementation's packB (k, n from it). */
    default void gemmPackedB(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                             float[] c, int cOff, int ldc) {
        gemmPackedB(transA, m, a, aOff, lda, b, c, cOff, ldc, Parallel.sequential());
    }

    /** C[m x n] += op(A) * B on {@code parallel}; bit-identical to the sequential call. */
    void gemmPackedB(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                     float[] c, int cOff, int ldc, Parallel parallel);

    /**
     * C[m x n] += op(A) * B where B (k x n) is an {@link IndexedMatrix}: the lowered (im2col)
     * matrix of a convolution read straight from its input, never materialized.
     */
    void gemmIndexedB(boolean transA, int m, float[] a, int aOff, int lda, IndexedMatrix b,
                      float[] c, int cOff, int ldc, Parallel parallel);

    /** C[m x n] += A * B, A packed by packA (m x k), B an {@link IndexedMatrix} (k x n). */
    void gemmPackedAIndexedB(PackedMatrix a, IndexedMatrix b, float[] c, int cOff, int ldc, Parallel parallel);

    /**
     * A rows x cols matrix whose element (r, q) is x[rowOffsets[r] + colOffsets[q]]: dense,
     * transposed and strided matrices alike, and the im2col matrix of a convolution (rows
     * (channel, kernel row, kernel column) offset into the input, columns the output
     * positions' window origins), without copying anything. Only the first rows / cols
     * entries of the offset arrays are used; every element must lie inside x (checked here).
     */
    record IndexedMatrix(float[] x, int rows, int cols, int[] rowOffsets, int[] colOffsets) {
        public IndexedMatrix {
            if (rows < 0 || cols < 0 || rows > rowOffsets.length || cols > colOffsets.length) {
                throw new IllegalArgumentException("indexed matrix " + rows + " x " + cols + " with " + rowOffsets.length
                        + " row and " + colOffsets.length + " column offsets");
            }
            if (rows > 0 && cols > 0) {
                long lo = (long) min(rowOffsets, rows) + min(colOffsets, cols);
                long hi = (long) max(rowOffsets, rows) + max(colOffsets, cols);
                if (lo < 0 || hi >= x.length) {
                    throw new IllegalArgumentException("indexed matrix reaches elements " + lo + " .. " + hi
                            + " of an array of " + x.length);
                }
            }
        }

        /** Element (r, q). */
        public float get(int r, int q) {
            return x[rowOffsets[r] + colOffsets[q]];
        }

        private static int min(int[] v, int n) {
            int m = v[0];
            for (int i = 1; i < n; i++) {
                m = Math.min(m, v[i]);
            }
            return m;
        }

        private static int max(int[] v, int n) {
            int m = v[0];
            for (int i = 1; i < n; i++) {
                m = Math.max(m, v[i]);
            }
            return m;
        }
    }

    /**
     * An operand in an implementation's internal layout: op(X) of {@code rows x cols}
     * (m x k for a packed A, k x n for a packed B). Immutable once made; safe to share
     * between threads.
     */
    interface PackedMatrix {
        /** Rows of op(X). */
        int rows();

        /** Columns of op(X). */
        int cols();

        /** True when packed as a left operand (packA), false for a right operand (packB). */
        boolean isLeft();
    }

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
