/*
 * The scalar reference of CodePacker: packRows is BitPacking.packRows; mergeTails is the
 * contract's formula, word by word.
 */
package dev.hsiq.kernels;

final class ScalarCodePacker implements CodePacker {

    static final ScalarCodePacker INSTANCE = new ScalarCodePacker();

    private ScalarCodePacker() {
    }

    @Override
    public void packRows(byte[] codes, int codesOff, int ldCodes, int rows, int k, int bits,
                         long[] dst, int dstOff, int dstRowStride) {
        BitPacking.packRows(codes, codesOff, ldCodes, rows, k, bits, dst, dstOff, dstRowStride);
    }

    @Override
    public void mergeTails(long[] words, int off, int stride, int pixels, int bits, int rem, int kw) {
        CodePacker.checkMerge(words.length, off, stride, pixels, bits, rem, kw);
        long low = rem == 64 ? -1L : (1L << rem) - 1;
        for (int q = 0; q < pixels; q++) {
            int base = off + q * stride;
            for (int i = 0; i < bits; i++) {
                long merged = words[base + i] & low;
                for (int kx = 1; kx < kw; kx++) {
                    merged |= (words[base + kx * stride + i] & low) << (kx * rem);
                }
                words[base + i] = merged;
            }
        }
    }
}
