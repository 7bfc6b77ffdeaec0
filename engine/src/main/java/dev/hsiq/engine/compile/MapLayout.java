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
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.BitPacking;

record MapLayout(Kind kind, int channels, int bits) {

    enum Kind { CODES, PLANES, FLOATS }

    MapLayout {
        if (channels <= 0) {
            throw new IllegalArgumentException("a map needs channels, not " + channels);
        }
        if (kind != Kind.FLOATS && (bits < 1 || bits > 8)) {
            throw new IllegalArgumentException("codes have 1..8 bits, not " + bits);
        }
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

    /** Array elements (bytes, longs or floats) per pixel. */
    int pixelStride() {
        return switch (kind) {
            case CODES, FLOATS -> channels;
            case PLANES -> BitPacking.words(channels) * bits;
        };
    }

    /** Array elements of one sample of {@code size}. */
    int sampleStride(Spatial size) {
        return Math.multiplyExact(size.pixels(), pixelStride());
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CODES -> channels + " x " + bits + "-bit codes";
            case PLANES -> channels + " x " + bits + " bit planes";
            case FLOATS -> channels + " floats";
        };
    }
}
