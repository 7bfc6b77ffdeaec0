/*
 * Bit-serial integer GEMM: the hidden layers of the quantized network (and, with 8 activation
 * planes, the first layer) as AND + popcount over packed bit planes.
 *
 * Contract: for rows r in rowStart .. rowEnd-1 and channels n < w.channels(),
 *   c[cOff + r * ldc + n] = sum_k q[r][k] * w[n][k]                         (overwritten, int32)
 * where q[r][k] are the unsigned aBits-bit codes of row r, packed by BitPacking as [word][plane]
 * at a[aOff + r * aRowStride] (w.kWords() words per plane), and w[n][k] the weight values of
 * BitWeights. The identities and the pair order are derived in BitSerialSchedule; with binary
 * weights the row term S = sum_k q[r][k] is computed once per row and shared by every channel.
 *
 * Range: |result| <= kWords * 64 * (2^aBits - 1) * maxAbsWeight must fit int32, so kWords is at
 * most maxKWords(aBits, w) (checked by every call): 1,028 words (65,792 codes) for 8-bit
 * activations x 8-bit weights, 131,588 words for 8-bit x binary, far above any layer of the
 * reference networks (the largest, patch-cnn conv1, has 29 words).
 *
 * Threads: the row range lets callers split one GEMM over threads (disjoint row ranges write
 * disjoint parts of c); implementations keep no state between calls.
 */
package dev.hsiq.kernels;

public interface BitSerialGemm {

    /** See the type comment. */
    void gemm(long[] a, int aOff, int aRowStride, int aBits, BitWeights w, int rowStart, int rowEnd,
              int[] c, int cOff, int ldc);

    /**
     * The same product with each row read in place through segments (RowSegments: implicit
     * im2col): for r in rowStart..rowEnd-1, row r is the concatenation of the segments read at
     * a[rowBases[r] + offset(g)], and c[cOff + r * ldc + n] = sum_k q[r][k] w[n][k] (overwritten).
     * segments.kWords() must equal w.kWords(). This default gathers each row and runs gemm on it
     * (the scalar reference); the vector implementation reads the segments directly.
     */
    default void gemmSegments(long[] a, int[] rowBases, int aBits, RowSegments segments, BitWeights w,
                              int rowStart, int rowEnd, int[] c, int cOff, int ldc) {
        checkSegments(a, rowBases, aBits, segments, w, rowStart, rowEnd, c, cOff, ldc);
        int rowLongs = w.kWords() * aBits;
        long[] row = new long[rowLongs];
        for (int r = rowStart; r < rowEnd; r++) {
            segments.gather(a, rowBases[r], aBits, row, 0);
            gemm(row, 0, rowLongs, aBits, w, 0, 1, c, cOff + r * ldc, ldc);
        }
    }

    /** Validates a gemmSegments call; every implementation runs this first. */
    static void checkSegments(long[] a, int[] rowBases, int aBits, RowSegments segments, BitWeights w,
                              int rowStart, int rowEnd, int[] c, int cOff, int ldc) {
        BitPacking.checkBits(aBits);
        if (rowStart < 0 || rowEnd < rowStart || rowEnd > rowBases.length) {
            throw new IllegalArgumentException("row range " + rowStart + ".." + rowEnd + " is invalid for "
                    + rowBases.length + " row bases");
        }
        if (segments.kWords() != w.kWords()) {
            throw new IllegalArgumentException("segments hold " + segments.kWords() + " words, weights " + w.kWords());
        }
        int max = maxKWords(aBits, w);
        if (w.kWords() > max) {
            throw new IllegalArgumentException(w.kWords() + " words of " + aBits + "-bit codes x " + w.coding() + " "
                    + w.bits() + "-bit weights can overflow int32; at most " + max + " words are supported");
        }
        if (rowEnd == rowStart) {
            return;
        }
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int r = rowStart; r < rowEnd; r++) {
            lo = Math.min(lo, rowBases[r]);
            hi = Math.max(hi, rowBases[r]);
        }
        if (lo < 0 || hi + segments.span(aBits) > a.length) {
            throw new IllegalArgumentException("segmented rows read " + lo + " .. " + (hi + segments.span(aBits))
                    + " of an array of " + a.length);
        }
        GemmChecks.block("C", c.length, cOff + rowStart * ldc, rowEnd - rowStart, w.channels(), ldc);
    }

    /** The implementation chosen at startup: Vector API when available, else the scalar reference. */
    static BitSerialGemm get() {
        return Holder.INSTANCE;
    }

    /** The scalar reference implementation (fallback and test oracle). */
    static BitSerialGemm scalar() {
        return ScalarBitSerialGemm.INSTANCE;
    }

    /** The largest kWords for which every result of aBits-bit codes times w fits in an int. */
    static int maxKWords(int aBits, BitWeights w) {
        BitPacking.checkBits(aBits);
        long perWord = 64L * ((1L << aBits) - 1) * w.maxAbsWeight();
        return (int) Math.min(Integer.MAX_VALUE, Integer.MAX_VALUE / perWord);
    }

    /** Validates a call; every implementation runs this first. */
    static void check(long[] a, int aOff, int aRowStride, int aBits, BitWeights w, int rowStart, int rowEnd,
                      int[] c, int cOff, int ldc) {
        BitPacking.checkBits(aBits);
        if (rowStart < 0 || rowEnd < rowStart) {
            throw new IllegalArgumentException("row range " + rowStart + ".." + rowEnd + " is invalid");
        }
        int max = maxKWords(aBits, w);
        if (w.kWords() > max) {
            throw new IllegalArgumentException(w.kWords() + " words of " + aBits + "-bit codes x " + w.coding() + " "
                    + w.bits() + "-bit weights can overflow int32; at most " + max + " words are supported");
        }
        if (rowEnd == rowStart) {
            return;
        }
        int rowLongs = w.kWords() * aBits;
        if (aRowStride < rowLongs) {
            throw new IllegalArgumentException("activation row stride " + aRowStride + " < " + rowLongs
                    + " longs of a packed row");
        }
        GemmChecks.block("packed activations", a.length, aOff + rowStart * aRowStride, rowEnd - rowStart, rowLongs,
                aRowStride);
        GemmChecks.block("C", c.length, cOff + rowStart * ldc, rowEnd - rowStart, w.channels(), ldc);
    }

    final class Holder {
        private static final BitSerialGemm INSTANCE = Vectorization.load(
                BitSerialGemm.class, "dev.hsiq.kernels.panama.PanamaBitSerialGemm", () -> ScalarBitSerialGemm.INSTANCE);

        private Holder() {
        }
    }
}
