/*
 * Vector API code packer (contract: BitPacking.packRows). A ByteVector holds 64 (512-bit) or 32
 * (256-bit) codes; for plane i, (codes AND 2^i) != 0 is a lane mask and mask.toLong() is
 * directly that plane's bits for those codes (a test instruction and a mask move), so a
 * 64-code word of all planes costs one load and 2 x bits instructions instead of 64 x bits
 * shifts; with 64 lanes a word is one vector and each plane's long is stored once (the planes
 * written out with constant bits, storePlanes). Codes out
 * of range are detected by OR-ing all codes of the call (one reduction per call, outside the
 * loops); the scalar reference then repacks the call's rows and reports the offending code.
 *
 * mergeTails: a pixel's bits planes are consecutive longs, so one LongVector (masked to bits
 * lanes, or two for 8 planes on 256-bit vectors) holds all of them: t(q) = low(t(q)) |
 * low(t(q+1)) << R | ..., kw loads, ANDs and shifts per pixel instead of kw x bits scalar steps.
 */
package dev.hsiq.kernels.panama;

import dev.hsiq.kernels.BitPacking;
import dev.hsiq.kernels.CodePacker;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

public final class PanamaCodePacker implements CodePacker {

    private static final VectorSpecies<Byte> B = PanamaSupport.bytes();
    private static final int LANES = B.length();
    private static final VectorSpecies<Long> L = PanamaSupport.longs();

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
        ByteVector seen = ByteVector.zero(B);
        for (int r = 0; r < rows; r++) {
            int src = codesOff + r * ldCodes;
            int row = dstOff + r * dstRowStride;
            for (int w = 0; w < words; w++) {
                int base = row + w * bits;
                int c0 = w << 6;
                if (LANES == 64) {
                    // one vector is the whole word: each plane's long is one mask, stored once
                    ByteVector v = c0 + 64 <= k ? ByteVector.fromArray(B, codes, src + c0)
                            : ByteVector.fromArray(B, codes, src + c0, B.indexInRange(c0, k));
                    seen = seen.or(v);
                    storePlanes(v, bits, dst, base);
                    continue;
                }
                for (int i = 0; i < bits; i++) {
                    dst[base + i] = 0L;
                }
                for (int j = 0; j < 64; j += LANES) {
                    int c = c0 + j;
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
        }
        if (seen.and(outOfRange).reduceLanes(VectorOperators.OR) != 0) {
            // let the reference find and report the code
            BitPacking.packRows(codes, codesOff, ldCodes, rows, k, bits, dst, dstOff, dstRowStride);
        }
    }

    /**
     * dst[base + i] = the lane mask of bit i of v's 64 codes, i < bits. Written out per plane (a
     * switch falling through from the top plane): with the bit a constant, each plane is one
     * test, one mask move and one store; the same loop with a variable bit measured 2.2x slower.
     */
    private static void storePlanes(ByteVector v, int bits, long[] dst, int base) {
        switch (bits) {
            case 8: dst[base + 7] = v.compare(VectorOperators.LT, (byte) 0).toLong();
            // fall through
            case 7: dst[base + 6] = v.and((byte) 64).compare(VectorOperators.NE, 0).toLong();
            // fall through
            case 6: dst[base + 5] = v.and((byte) 32).compare(VectorOperators.NE, 0).toLong();
            // fall through
            case 5: dst[base + 4] = v.and((byte) 16).compare(VectorOperators.NE, 0).toLong();
            // fall through
            case 4: dst[base + 3] = v.and((byte) 8).compare(VectorOperators.NE, 0).toLong();
            // fall through
            case 3: dst[base + 2] = v.and((byte) 4).compare(VectorOperators.NE, 0).toLong();
            // fall through
            case 2: dst[base + 1] = v.and((byte) 2).compare(VectorOperators.NE, 0).toLong();
            // fall through
            default: dst[base] = v.and((byte) 1).compare(VectorOperators.NE, 0).toLong();
        }
    }

    @Override
    public void mergeTails(long[] words, int off, int stride, int pixels, int bits, int rem, int kw) {
        CodePacker.checkMerge(words.length, off, stride, pixels, bits, rem, kw);
        long low = rem == 64 ? -1L : (1L << rem) - 1;
        for (int i0 = 0; i0 < bits; i0 += L.length()) {
            VectorMask<Long> m = L.indexInRange(i0, bits);
            for (int q = 0; q < pixels; q++) {
                int base = off + q * stride + i0;
                LongVector merged = LongVector.fromArray(L, words, base, m).and(low);
                for (int kx = 1; kx < kw; kx++) {
                    merged = merged.or(LongVector.fromArray(L, words, base + kx * stride, m).and(low)
                            .lanewise(VectorOperators.LSHL, kx * rem));
                }
                merged.intoArray(words, base, m);
            }
        }
    }
}
