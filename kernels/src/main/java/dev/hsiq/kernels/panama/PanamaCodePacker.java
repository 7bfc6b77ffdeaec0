/*
 * Vector API code packer (contract: BitPacking.packRows). A ByteVector holds 64 (512-bit) or 32
 * (256-bit) codes; for plane i, (codes AND 2^i) != 0 is a lane mask and mask.toLong() is
 * directly that plane's bits for those codes (a test instruction and a mask move), so a
 * 64-code word of all planes costs one load and 2 x bits instructions instead of 64 x bits
 * shifts. Codes out of range are detected by OR-ing all codes of a row (one reduction per
 * row, outside the word loop); the scalar reference then reports the offending code.
 */
package dev.hsiq.kernels.panama;

import dev.hsiq.kernels.BitPacking;
import dev.hsiq.kernels.CodePacker;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

public final class PanamaCodePacker implements CodePacker {

    private static final VectorSpecies<Byte> B = PanamaSupport.bytes();
    private static final int LANES = B.length();

    public PanamaCodePacker() {
    }

    @Override
    public void packRows(byte[] codes, int codesOff, int ldCodes, int rows, int k, int bits,
                         long[] dst, int dstOff, int dstRowStride) {
        if (LANES > 64 || 64 % LANES != 0) {
            BitPacking.packRows(codes, codesOff, ldCodes, rows, k, bits, dst, dstOff, dstRowStride);
            return;
        }
        BitPacking.checkPackArgs(codes.length, codesOff, ldCodes, rows, k, bits, dst.length, dstOff, dstRowStride);
        int words = BitPacking.words(k);
        byte outOfRange = (byte) (0xFF << bits);
        for (int r = 0; r < rows; r++) {
            int src = codesOff + r * ldCodes;
            int row = dstOff + r * dstRowStride;
            ByteVector seen = ByteVector.zero(B);
            for (int w = 0; w < words; w++) {
                int base = row + w * bits;
                for (int i = 0; i < bits; i++) {
                    dst[base + i] = 0L;
                }
                for (int j = 0; j < 64; j += LANES) {
                    int c = (w << 6) + j;
                    if (c >= k) {
                        break;
                    }
                    ByteVector v = c + LANES <= k ? ByteVector.fromArray(B, codes, src + c)
                            : ByteVector.fromArray(B, codes, src + c, B.indexInRange(c, k));
                    seen = seen.or(v);
                    for (int i = 0; i < bits; i++) {
                        VectorMask<Byte> m = v.and((byte) (1 << i)).compare(VectorOperators.NE, 0);
                        dst[base + i] |= m.toLong() << j;
                    }
                }
            }
            if (seen.and(outOfRange).reduceLanes(VectorOperators.OR) != 0) {
                // let the reference find and report the code
                BitPacking.packRows(codes, src, ldCodes, 1, k, bits, dst, row, dstRowStride);
            }
        }
    }
}
