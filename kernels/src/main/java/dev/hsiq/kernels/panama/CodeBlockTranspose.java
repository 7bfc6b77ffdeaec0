/*
 * CHW byte codes -> HWC rows with 512-bit vectors, for the input quantizer
 * (PanamaInputNormalizer.quantizePlanesToRows). The quantizer writes one sample's codes in a
 * blocked layout instead of plain CHW: pixel group g = p / 8 holds a Cp x 8 byte matrix (Cp =
 * channels rounded up to 64), the 8 codes of channel c for the group's pixels at
 * g * Cp * 8 + c * 8 + p % 8 (one long per channel and group, so a 16-pixel code vector is two
 * long stores). A 64-byte vector of that layout is then channels c..c+7 x pixels 0..7 (byte
 * 8 * (c % 8) + p % 8), and one 64-channel x 8-pixel block (8 such vectors, 512 bytes) turns
 * into the 8 pixels' 64-channel rows in two steps:
 *   1. one byte permutation per vector, lane 8p + j <- lane 8j + p: long lane p is now
 *      pixel p's codes of the vector's 8 channels (matrix w[k][p], k = the vector's channel
 *      octet);
 *   2. the 8 x 8 transpose of that long matrix, in three swap stages over row pairs (r, r + d),
 *      d = 4, 2, 1, exchanging the off-diagonal d x d sub-blocks (the stages of ByteTranspose,
 *      on lanes): with X_d the lane permutation j -> j ^ d and H_d the lanes with j & d != 0,
 *        w[r]'     = blend(w[r], X_d(w[r + d]), H_d)
 *        w[r + d]' = blend(X_d(w[r]), w[r + d], H_d)
 *      after which vector p holds w[0..7][p]: pixel p's 64 channel codes, one store.
 * 8 loads, 8 byte permutations, 24 lane permutations, 24 blends and 8 stores per 512 bytes,
 * where the scalar 8 x 8 long transpose (ByteTranspose) spends about 90 operations per 64.
 * Channels past the last 64 and pixels past the last group are computed from whatever the
 * scratch holds and never stored (masked row stores, skipped rows).
 */
package dev.hsiq.kernels.panama;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

final class CodeBlockTranspose {

    private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_512;
    private static final VectorSpecies<Long> L8 = LongVector.SPECIES_512;
    private static final VectorShuffle<Byte> PIXEL_MAJOR = VectorShuffle.fromOp(B64, i -> (i % 8) * 8 + i / 8);
    private static final VectorShuffle<Long> X4 = VectorShuffle.fromOp(L8, j -> j ^ 4);
    private static final VectorShuffle<Long> X2 = VectorShuffle.fromOp(L8, j -> j ^ 2);
    private static final VectorShuffle<Long> X1 = VectorShuffle.fromOp(L8, j -> j ^ 1);
    private static final VectorMask<Long> H4 = highLanes(4);
    private static final VectorMask<Long> H2 = highLanes(2);
    private static final VectorMask<Long> H1 = highLanes(1);

    private CodeBlockTranspose() {
    }

    private static VectorMask<Long> highLanes(int d) {
        boolean[] set = new boolean[8];
        for (int j = 0; j < 8; j++) {
            set[j] = (j & d) != 0;
        }
        return VectorMask.fromArray(L8, set, 0);
    }

    /** Channels rounded up to the 64 of one block. */
    static int paddedChannels(int channels) {
        return (channels + 63) & ~63;
    }

    /** Bytes from one pixel group to the next. */
    static int groupStride(int channels) {
        return paddedChannels(channels) * 8;
    }

    /** out[outOff + p * ldOut + c] = code (c, p) of the blocked layout, for c < channels, p < pixels. */
    static void toRows(byte[] blocked, int channels, int pixels, byte[] out, int outOff, int ldOut) {
        int group = groupStride(channels);
        int blocks = paddedChannels(channels) / 64;
        int lastWidth = channels - (blocks - 1) * 64;
        VectorMask<Byte> all = B64.maskAll(true);
        VectorMask<Byte> lastMask = B64.indexInRange(0, lastWidth);
        for (int g = 0; g * 8 < pixels; g++) {
            int rows = Math.min(8, pixels - g * 8);
            for (int b = 0; b < blocks; b++) {
                int src = g * group + b * 512;
                LongVector w0 = pixelMajor(blocked, src);
                LongVector w1 = pixelMajor(blocked, src + 64);
                LongVector w2 = pixelMajor(blocked, src + 128);
                LongVector w3 = pixelMajor(blocked, src + 192);
                LongVector w4 = pixelMajor(blocked, src + 256);
                LongVector w5 = pixelMajor(blocked, src + 320);
                LongVector w6 = pixelMajor(blocked, src + 384);
                LongVector w7 = pixelMajor(blocked, src + 448);
                LongVector t;
                t = w0; w0 = t.blend(w4.rearrange(X4), H4); w4 = t.rearrange(X4).blend(w4, H4);
                t = w1; w1 = t.blend(w5.rearrange(X4), H4); w5 = t.rearrange(X4).blend(w5, H4);
                t = w2; w2 = t.blend(w6.rearrange(X4), H4); w6 = t.rearrange(X4).blend(w6, H4);
                t = w3; w3 = t.blend(w7.rearrange(X4), H4); w7 = t.rearrange(X4).blend(w7, H4);
                t = w0; w0 = t.blend(w2.rearrange(X2), H2); w2 = t.rearrange(X2).blend(w2, H2);
                t = w1; w1 = t.blend(w3.rearrange(X2), H2); w3 = t.rearrange(X2).blend(w3, H2);
                t = w4; w4 = t.blend(w6.rearrange(X2), H2); w6 = t.rearrange(X2).blend(w6, H2);
                t = w5; w5 = t.blend(w7.rearrange(X2), H2); w7 = t.rearrange(X2).blend(w7, H2);
                t = w0; w0 = t.blend(w1.rearrange(X1), H1); w1 = t.rearrange(X1).blend(w1, H1);
                t = w2; w2 = t.blend(w3.rearrange(X1), H1); w3 = t.rearrange(X1).blend(w3, H1);
                t = w4; w4 = t.blend(w5.rearrange(X1), H1); w5 = t.rearrange(X1).blend(w5, H1);
                t = w6; w6 = t.blend(w7.rearrange(X1), H1); w7 = t.rearrange(X1).blend(w7, H1);
                int dst = outOff + g * 8 * ldOut + b * 64;
                VectorMask<Byte> m = b < blocks - 1 ? all : lastMask;
                w0.reinterpretAsBytes().intoArray(out, dst, m);
                if (rows > 1) w1.reinterpretAsBytes().intoArray(out, dst + ldOut, m);
                if (rows > 2) w2.reinterpretAsBytes().intoArray(out, dst + 2 * ldOut, m);
                if (rows > 3) w3.reinterpretAsBytes().intoArray(out, dst + 3 * ldOut, m);
                if (rows > 4) w4.reinterpretAsBytes().intoArray(out, dst + 4 * ldOut, m);
                if (rows > 5) w5.reinterpretAsBytes().intoArray(out, dst + 5 * ldOut, m);
                if (rows > 6) w6.reinterpretAsBytes().intoArray(out, dst + 6 * ldOut, m);
                if (rows > 7) w7.reinterpretAsBytes().intoArray(out, dst + 7 * ldOut, m);
            }
        }
    }

    private static LongVector pixelMajor(byte[] blocked, int off) {
        return ByteVector.fromArray(B64, blocked, off).rearrange(PIXEL_MAJOR).reinterpretAsLongs();
    }
}
