/*
 * How an activation map of a compiled plan is stored, one sample after another, pixels in
 * row-major order:
 *   CODES   unsigned codes, one byte per channel, channels innermost (HWC):  pixel stride = C bytes
 *           (what the int8 GEMM, the table-lookup convolution and the exact float layers read)
 *   PLANES  `bits` bit planes, channels packed 64 to a long, [pixel][word][plane] (BitPacking):
 *           pixel stride = ceil(C / 64) * bits longs (what the bit-serial GEMM reads and the
 *           threshold kernel writes directly)
 *   FLOATS  float values channel-major per sample (CHW), the float plan's maps
 * A layer's output layout is the one its consumer reads, so thresholds write the next input
 * directly and nothing is repacked between layers.
 *
 * PLANES with mergedTails = kw > 1 (the packed network input of a first layer whose channels
 * leave a remainder R = C % 64, e.g. 200 bands = 3 words + 8), in two regions of the same
 * pixel stride S = max(F, 1) * bits (F = C / 64 full words):
 *   full words   pixel p's F words at p * S (so kw consecutive pixels are kw * F contiguous words)
 *   merged tails at T + p * S, T = the first region's size: one word per plane holding the R
 *                remainder channels of pixels p, p + 1, .., p + kw - 1 at bits kx * R (kw R <= 64)
 * so that one kernel row of a window is one run of full words plus one tail word, both read at
 * its first pixel (BitSerialConvOp reads windows in place; PackOp writes this layout).
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.BitPacking;

record MapLayout(Kind kind, int channels, int bits, int mergedTails) {

    enum Kind { CODES, PLANES, FLOATS }

    MapLayout {
        if (channels <= 0) {
            throw new IllegalArgumentException("a map needs channels, not " + channels);
        }
        if (kind != Kind.FLOATS && (bits < 1 || bits > 8)) {
            throw new IllegalArgumentException("codes have 1..8 bits, not " + bits);
        }
        if (mergedTails < 1 || (mergedTails > 1 && (kind != Kind.PLANES || channels % 64 == 0
                || mergedTails * (channels % 64) > 64))) {
            throw new IllegalArgumentException("merged tails of " + mergedTails + " pixels need bit planes with "
                    + "remainder channels that fit one word, not " + channels + " channels");
        }
    }

    MapLayout(Kind kind, int channels, int bits) {
        this(kind, channels, bits, 1);
    }

    /** Planes whose remainder words carry the remainders of kw consecutive pixels (type comment). */
    static MapLayout planesMergedTails(int channels, int bits, int kw) {
        return new MapLayout(Kind.PLANES, channels, bits, kw);
    }

    static MapLayout codes(int channels, int bits) {
        return new MapLayout(Kind.CODES, channels, bits);
    }

    static MapLayout planes(int channels, int bits) {
        return new MapLayout(Kind.PLANES, channels, bits);
    }

    static MapLayout floats(int channels) {
        return new MapLayout(Kind.FLOATS, channels, 32);
    }

    /** Array elements (bytes, longs or floats) per pixel (per region with merged tails). */
    int pixelStride() {
        return switch (kind) {
            case CODES, FLOATS -> channels;
            case PLANES -> mergedTails > 1 ? Math.max(1, channels / 64) * bits : BitPacking.words(channels) * bits;
        };
    }

    /** Array elements of one sample of {@code size} (per region with merged tails). */
    int sampleStride(Spatial size) {
        return Math.multiplyExact(size.pixels(), pixelStride());
    }

    /** 2 with merged tails (full words, then tails), else 1. */
    int regions() {
        return mergedTails > 1 ? 2 : 1;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CODES -> channels + " x " + bits + "-bit codes";
            case PLANES -> channels + " x " + bits + " bit planes" + (mergedTails > 1 ? " (tails of " + mergedTails
                    + " pixels merged)" : "");
            case FLOATS -> channels + " floats";
        };
    }
}
