/*
 * Scalar reference for FloatGemm: the fallback on runtimes without the Vector API and the
 * oracle the vector kernel is tested against. Loop order i-p-j keeps the innermost loop
 * contiguous in B and C for the common no-transpose case.
 *
 * Packed operands are plain row-major copies of op(X), so the packed calls are the
 * no-transpose case of the same loop. Each element's sum runs over p in order whatever rows
 * share a call, so the row-split parallel default of FloatGemm is bit-identical.
 */
package dev.hsiq.kernels;

import java.util.Objects;

final class ScalarFloatGemm implements FloatGemm {

    static final ScalarFloatGemm INSTANCE = new ScalarFloatGemm();

    private ScalarFloatGemm() {
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc) {
        GemmChecks.check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (av == 0f) {
                    continue;
                }
                if (!transB) {
                    int bRow = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += av * b[bRow + j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += av * b[bOff + j * ldb + p];
                    }
                }
            }
        }
    }

    /** op(X) as a dense row-major copy. */
    private record Packed(float[] data, int rows, int cols, boolean isLeft) implements PackedMatrix {
    }

    @Override
    public PackedMatrix packA(boolean transA, int m, int k, float[] a, int aOff, int lda) {
        if (transA) {
            GemmChecks.block("A^T", a.length, aOff, k, m, lda);
        } else {
            GemmChecks.block("A", a.length, aOff, m, k, lda);
        }
        return new Packed(copyOp(transA, m, k, a, aOff, lda), m, k, true);
    }

    @Override
    public PackedMatrix packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        if (transB) {
            GemmChecks.block("B^T", b.length, bOff, n, k, ldb);
        } else {
            GemmChecks.block("B", b.length, bOff, k, n, ldb);
        }
        return new Packed(copyOp(transB, k, n, b, bOff, ldb), k, n, false);
    }

    /** op(X) (rows x cols) copied row-major. */
    private static float[] copyOp(boolean trans, int rows, int cols, float[] x, int off, int ld) {
        float[] out = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                out[r * cols + q] = trans ? x[off + q * ld + r] : x[off + r * ld + q];
            }
        }
        return out;
    }

    private static Packed own(PackedMatrix p, boolean left) {
        Objects.requireNonNull(p, "packed matrix");
        if (!(p instanceof Packed packed)) {
            throw new IllegalArgumentException("packed matrix was made by another FloatGemm implementation: " + p);
        }
        if (packed.isLeft() != left) {
            throw new IllegalArgumentException("packed matrix was packed as the " + (packed.isLeft() ? "left" : "right")
                    + " operand, used as the " + (left ? "left" : "right") + " one");
        }
        return packed;
    }

    @Override
    public void gemmPackedA(PackedMatrix a, boolean transB, int n, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, Parallel parallel) {
        Packed pa = own(a, true);
        gemm(false, transB, pa.rows(), n, pa.cols(), pa.data(), 0, Math.max(1, pa.cols()), b, bOff, ldb,
                c, cOff, ldc, parallel);
    }

    @Override
    public void gemmPackedB(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                            float[] c, int cOff, int ldc, Parallel parallel) {
        Packed pb = own(b, false);
        gemm(transA, false, m, pb.cols(), pb.rows(), a, aOff, lda, pb.data(), 0, Math.max(1, pb.cols()),
                c, cOff, ldc, parallel);
    }

    @Override
    public void gemmIndexedB(boolean transA, int m, float[] a, int aOff, int lda, IndexedMatrix b,
                             float[] c, int cOff, int ldc, Parallel parallel) {
        int k = b.rows();
        int n = b.cols();
        if (transA) {
            GemmChecks.block("A^T", a.length, aOff, k, m, lda);
        } else {
            GemmChecks.block("A", a.length, aOff, m, k, lda);
        }
        GemmChecks.block("C", c.length, cOff, m, n, ldc);
        int tasks = Math.min(parallel.threads(), Math.max(1, m / 16));
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        parallel.forEach(tasks, t -> {
            int i0 = (int) ((long) m * t / tasks);
            int i1 = (int) ((long) m * (t + 1) / tasks);
            indexedRows(transA, i0, i1, a, aOff, lda, b, c, cOff, ldc);
        });
    }

    @Override
    public void gemmPackedAIndexedB(PackedMatrix a, IndexedMatrix b, float[] c, int cOff, int ldc, Parallel parallel) {
        Packed pa = own(a, true);
        if (pa.cols() != b.rows()) {
            throw new IllegalArgumentException("packed A is " + pa.rows() + " x " + pa.cols() + ", indexed B "
                    + b.rows() + " x " + b.cols());
        }
        gemmIndexedB(false, pa.rows(), pa.data(), 0, Math.max(1, pa.cols()), b, c, cOff, ldc, parallel);
    }

    /** Rows [i0, i1) of C += op(A) B, B indexed; the same i-p-j order as gemm. */
    private static void indexedRows(boolean transA, int i0, int i1, float[] a, int aOff, int lda, IndexedMatrix b,
                                    float[] c, int cOff, int ldc) {
        float[] x = b.x();
        int[] rowOff = b.rowOffsets();
        int[] colOff = b.colOffsets();
        int n = b.cols();
        for (int i = i0; i < i1; i++) {
            int cRow = cOff + i * ldc;
            for (int p = 0; p < b.rows(); p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (av == 0f) {
                    continue;
                }
                int r = rowOff[p];
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += av * x[r + colOff[j]];
                }
            }
        }
    }
}
