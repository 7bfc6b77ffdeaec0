/*
 * Integer GEMM of unsigned activation codes (up to 8 bits) and signed 8-bit weight codes: the
 * path for layers whose bit widths make bit-serial slower (8-bit weights, the last layer) and
 * one of the first-layer candidates.
 *
 * Contract: for rows r in rowStart .. rowEnd-1 and channels n < w.channels(),
 *   c[cOff + r * ldc + n] = sum_k a[aOff + r * lda + k] * w[n][k]      (overwritten, int32)
 * with a[...] read as unsigned bytes that must be < 2^aBits (checked; the vector kernel sizes
 * its 16-bit partial sums from aBits and the weights' largest |code|).
 * Range: k * (2^aBits - 1) * maxAbs must fit int32 (checked): k <= 65,793 for 8 x 8 bits.
 * Rows can be split across threads (disjoint row ranges write disjoint rows of c).
 */
package dev.hsiq.kernels;

public interface Int8Gemm {

    /** Prepares weight codes [channel][k] (row-major) for this implementation. */
    Int8Weights prepare(byte[] codes, int channels, int k);

    void gemm(byte[] a, int aOff, int lda, int aBits, Int8Weights w, int rowStart, int rowEnd,
              int[] c, int cOff, int ldc);

    static Int8Gemm get() {
        return Holder.INSTANCE;
    }

    static Int8Gemm scalar() {
        return ScalarInt8Gemm.INSTANCE;
    }

    /** Validates a call (shapes, bounds, int32 range); every implementation runs this first. */
    static void check(byte[] a, int aOff, int lda, int aBits, Int8Weights w, int rowStart, int rowEnd,
                      int[] c, int cOff, int ldc) {
        BitPacking.checkBits(aBits);
        if (rowStart < 0 || rowEnd < rowStart) {
            throw new IllegalArgumentException("row range " + rowStart + ".." + rowEnd + " is invalid");
        }
        long bound = (long) w.k() * ((1 << aBits) - 1) * w.maxAbs();
        if (bound > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("k = " + w.k() + " of " + aBits + "-bit codes x weights up to "
                    + w.maxAbs() + " can overflow int32");
        }
        if (rowEnd == rowStart) {
            return;
        }
        GemmChecks.block("activations", a.length, aOff + rowStart * lda, rowEnd - rowStart, w.k(), lda);
        GemmChecks.block("C", c.length, cOff + rowStart * ldc, rowEnd - rowStart, w.channels(), ldc);
    }

    /** Throws when a row holds a code >= 2^aBits (the scalar form; the vector kernel ORs whole vectors). */
    static void checkCodes(byte[] a, int aOff, int lda, int aBits, int k, int rowStart, int rowEnd) {
        int limit = 1 << aBits;
        if (limit <= 255) {
            for (int r = rowStart; r < rowEnd; r++) {
                int row = aOff + r * lda;
                int or = 0;
                for (int i = 0; i < k; i++) {
                    or |= a[row + i] & 0xFF;
                }
                if (or >= limit) {
                    throw new IllegalArgumentException("row " + r + " holds codes that do not fit " + aBits + " bits");
                }
            }
        }
    }

    final class Holder {
        private static final Int8Gemm INSTANCE = Vectorization.load(Int8Gemm.class,
                "dev.hsiq.kernels.panama.PanamaInt8Gemm", () -> ScalarInt8Gemm.INSTANCE);

        private Holder() {
        }
    }
}
