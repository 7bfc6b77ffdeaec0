/*
 * The order of the reduction dimension of a packed bit-serial GEMM row: one convolution window
 * of `taps` pixels with `channels` channels each (a dense layer is one tap), laid out in whole
 * 64-bit words so that building a window from a packed feature map copies whole words.
 *
 * Each pixel's channels split into F = channels / 64 full words and a remainder of
 * R = channels % 64 channels. A window row of one bit plane is
 *
 *   [ tap 0: F full words | tap 1: F full words | ... | tap T-1: F full words |
 *     remainder bits: tap 0's R bits, tap 1's R bits, ... packed back to back, zero padded ]
 *
 * so bit index of (tap t, channel c) is
 *   c <  64F:  (t * F + c / 64) * 64 + c % 64
 *   c >= 64F:  T * F * 64 + t * R + (c - 64F)
 * and kWords = T * F + ceil(T * R / 64).
 *
 * Why this order (the choice DESIGN section 6 asks for), for patch-cnn's 3x3 windows:
 *   - per-pixel padding (every pixel's channels padded to a multiple of 64, window = 9 copies):
 *     conv1 with 200 bands becomes 9 x 256 = 2304 bits for 1800 real ones (28% wasted work);
 *     conv2/3 with 64 channels waste nothing;
 *   - the whole window packed contiguously: 1800 -> 1856 bits (3% waste), but building each
 *     window shifts every bit field across word boundaries;
 *   - this hybrid: full words copied as words, only the R-bit remainders shifted into place:
 *     conv1 = 9 x 3 full words + ceil(9 x 8 / 64) = 2 tail words = 29 words = 1856 bits, the
 *     contiguous minimum; for 64 or 128 channels it is exactly the per-pixel layout.
 * With a single tap it is plain row packing: bit c of the row is channel c.
 */
package dev.hsiq.kernels;

public record WindowLayout(int channels, int taps) {

    public WindowLayout {
        if (channels <= 0 || taps <= 0) {
            throw new IllegalArgumentException("window of " + taps + " taps x " + channels + " channels is empty");
        }
        if ((long) channels * taps > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("window of " + taps + " taps x " + channels + " channels is too long");
        }
    }

    /** A dense layer's row: one tap of k channels. */
    public static WindowLayout dense(int k) {
        return new WindowLayout(k, 1);
    }

    /** The window of a convolution: kH * kW taps of inChannels channels. */
    public static WindowLayout of(ConvGeometry g) {
        return new WindowLayout(g.inChannels(), g.kH() * g.kW());
    }

    /** Full 64-bit words per pixel. */
    public int fullWordsPerPixel() {
        return channels >>> 6;
    }

    /** Channels of a pixel beyond its full words. */
    public int remainder() {
        return channels & 63;
    }

    /** Words one pixel occupies in a packed feature map: ceil(channels / 64). */
    public int wordsPerPixel() {
        return (channels + 63) >>> 6;
    }

    /** Words of the full-word part of a window. */
    public int fullWords() {
        return taps * fullWordsPerPixel();
    }

    /** Words of a packed window row per bit plane. */
    public int kWords() {
        return fullWords() + (taps * remainder() + 63) / 64;
    }

    /** Logical reduction length taps * channels. */
    public int k() {
        return taps * channels;
    }

    /** Bit index inside a packed row of (tap, channel). */
    public int bitIndex(int tap, int channel) {
        int f = fullWordsPerPixel();
        if (channel < 64 * f) {
            return ((tap * f + (channel >>> 6)) << 6) + (channel & 63);
        }
        return (fullWords() << 6) + tap * remainder() + (channel - 64 * f);
    }
}
