/*
 * Scalar reference for FloatGemm: the fallback on runtimes without the Vector API and the
 * oracle the vector kernel is tested against. Loop order i-p-j keeps the innermost loop
 * contiguous in B and C for the common no-transpose case.
 */
package dev.hsiq.kernels;

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
}
