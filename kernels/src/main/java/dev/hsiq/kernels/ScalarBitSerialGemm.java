/*
 * Scalar reference for BitSerialGemm, written straight from the identities of DESIGN section 1
 * (not from BitSerialSchedule, so the tests check the schedule too):
 *   BINARY     sum q*w = sum_i 2^i (2 popcount(a_i AND w) - popcount(a_i))
 *   TERNARY    sum q*w = sum_i 2^i (popcount(a_i AND w+) - popcount(a_i AND w-))
 *   SIGNED(m)  sum q*w = sum_i sum_j 2^(i+j) s_j popcount(a_i AND w_j), s_{m-1} = -1, else +1
 * with popcounts summed over the words of the row (Long.bitCount). Fallback and test oracle.
 */
package dev.hsiq.kernels;

final class ScalarBitSerialGemm implements BitSerialGemm {

    static final ScalarBitSerialGemm INSTANCE = new ScalarBitSerialGemm();

    private ScalarBitSerialGemm() {
    }

    @Override
    public void gemm(long[] a, int aOff, int aRowStride, int aBits, BitWeights w, int rowStart, int rowEnd,
                     int[] c, int cOff, int ldc) {
        BitSerialGemm.check(a, aOff, aRowStride, aBits, w, rowStart, rowEnd, c, cOff, ldc);
        int kWords = w.kWords();
        int planes = w.planes();
        int padded = w.paddedChannels();
        long[] wd = w.data();
        for (int r = rowStart; r < rowEnd; r++) {
            int row = aOff + r * aRowStride;
            long rowSum = 0;
            for (int i = 0; i < aBits; i++) {
                long pop = 0;
                for (int k = 0; k < kWords; k++) {
                    pop += Long.bitCount(a[row + k * aBits + i]);
                }
                rowSum += pop << i;
            }
            for (int n = 0; n < w.channels(); n++) {
                long acc = 0;
                for (int i = 0; i < aBits; i++) {
                    for (int j = 0; j < planes; j++) {
                        long p = 0;
                        for (int k = 0; k < kWords; k++) {
                            p += Long.bitCount(a[row + k * aBits + i] & wd[(k * planes + j) * padded + n]);
                        }
                        acc += switch (w.coding()) {
                            case BINARY -> 2 * p << i;
                            case TERNARY -> (j == 0 ? p : -p) << i;
                            case SIGNED -> (j == planes - 1 ? -p : p) << (i + j);
                        };
                    }
                }
                if (w.coding() == BitWeights.Coding.BINARY) {
                    acc -= rowSum;
                }
                c[cOff + r * ldc + n] = (int) acc;
            }
        }
    }
}
