/*
 * Packs unsigned activation codes into bit planes ([row][word][plane], the layout of
 * BitPacking.packRows, which is the contract and the scalar reference). The vector version is
 * what the engine uses for the 8-bit first-layer input, where packing runs once per patch or
 * scene and must stay small next to the GEMM.
 */
package dev.hsiq.kernels;

public interface CodePacker {

    /** Same contract as BitPacking.packRows. */
    void packRows(byte[] codes, int codesOff, int ldCodes, int rows, int k, int bits,
                  long[] dst, int dstOff, int dstRowStride);

    /** The implementation chosen at startup: Vector API when available, else the scalar reference. */
    static CodePacker get() {
        return Holder.INSTANCE;
    }

    /** The scalar reference implementation (fallback and test oracle). */
    static CodePacker scalar() {
        return BitPacking::packRows;
    }

    final class Holder {
        private static final CodePacker INSTANCE = Vectorization.load(CodePacker.class,
                "dev.hsiq.kernels.panama.PanamaCodePacker", CodePacker::scalar);

        private Holder() {
        }
    }
}
