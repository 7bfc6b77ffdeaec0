/*
 * Scalar reference for Int8Gemm: a plain int dot product per (row, channel) over the
 * row-major codes. Fallback and test oracle.
 */
package dev.hsiq.kernels;

final class ScalarInt8Gemm implements Int8Gemm {

    static final ScalarInt8Gemm INSTANCE = new ScalarInt8Gemm();

    private ScalarInt8Gemm() {
    }

    @Override
    public Int8Weights prepare(byte[] codes, int channels, int k) {
        return new Int8Weights(channels, k, codes, null);
    }

    @Override
    public void gemm(byte[] a, int aOff, int lda, int aBits, Int8Weights w, int rowStart, int rowEnd,
                     int[] c, int cOff, int ldc) {
        Int8Gemm.check(a, aOff, lda, aBits, w, rowStart, rowEnd, c, cOff, ldc);
        Int8Gemm.checkCodes(a, aOff, lda, aBits, w.k(), rowStart, rowEnd);
        byte[] wt = w.rowMajorShared();
        int k = w.k();
        for (int r = rowStart; r < rowEnd; r++) {
            int row = aOff + r * lda;
            for (int n = 0; n < w.channels(); n++) {
                int acc = 0;
                int wr = n * k;
                for (int i = 0; i < k; i++) {
                    acc += (a[row + i] & 0xFF) * wt[wr + i];
                }
                c[cOff + r * ldc + n] = acc;
            }
        }
    }
}
