/*
 * Packs unsigned activation codes into bit planes ([row][word][plane], the layout of
 * BitPacking.packRows, which is the contract and the scalar reference). The vector version is
 * what the engine uses for the 8-bit first-layer input, where packing runs once per patch or
 * scene and must stay small next to the GEMM.
 *
 * mergeTails: the merged-tail layout of a first layer whose channel count C leaves a remainder
 * R = C % 64 (200 bands: 3 words + 8 channels) and whose window is kw pixels wide: pixel q's
 * tail word of plane i (bits 0..R-1: its own R remainder codes, packed by packRows) becomes
 *   t_i(q) = OR over kx in 0..kw-1 of low_R(t_i(q + kx)) << (kx * R),
 * so that a window row's kw tails are one word. Pixels are processed in ascending order, in
 * place: the low R bits of a later pixel are still its own when q reads them.
 */
package dev.hsiq.kernels;

public interface CodePacker {

    /** Same contract as BitPacking.packRows. */
    void packRows(byte[] codes, int codesOff, int ldCodes, int rows, int k, int bits,
                  long[] dst, int dstOff, int dstRowStride);

    /**
     * Merges the tails of pixels 0..pixels-1 in place (formula above): pixel q's plane i word is
     * words[off + q * stride + i], i < bits; the kw - 1 pixels after the last are read (their
     * low R bits), never written. rem * kw must be at most 64.
     */
    void mergeTails(long[] words, int off, int stride, int pixels, int bits, int rem, int kw);

    /** The implementation chosen at startup: Vector API when available, else the scalar reference. */
    static CodePacker get() {
        return Holder.INSTANCE;
    }

    /** The scalar reference implementation (fallback and test oracle). */
    static CodePacker scalar() {
        return ScalarCodePacker.INSTANCE;
    }

    static void checkMerge(int length, int off, int stride, int pixels, int bits, int rem, int kw) {
        if (bits < 1 || bits > 8 || rem < 1 || kw < 1 || (long) rem * kw > 64 || pixels < 0 || stride < bits) {
            throw new IllegalArgumentException("cannot merge tails of " + rem + " channels over " + kw + " pixels, "
                    + bits + " planes, stride " + stride);
        }
        long last = (long) off + (long) (pixels + kw - 2) * stride + bits;
        if (off < 0 || (pixels > 0 && last > length)) {
            throw new IllegalArgumentException("tails of " + pixels + " pixels (+" + (kw - 1) + " read) at offset "
                    + off + ", stride " + stride + " exceed " + length + " words");
        }
    }

    final class Holder {
        private static final CodePacker INSTANCE = Vectorization.load(CodePacker.class,
                "dev.hsiq.kernels.panama.PanamaCodePacker", CodePacker::scalar);

        private Holder() {
        }
    }
}
