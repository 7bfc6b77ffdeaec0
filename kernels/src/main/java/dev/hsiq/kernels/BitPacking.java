/*
 * Bit-plane packing of activation codes and weight codes, the layouts the bit-serial kernels
 * read, and the window (im2col) builder for packed convolutions.
 *
 * Activation rows. An unsigned k-bit code q (k = 1..8) is the sum of its bits q = sum_i 2^i a_i.
 * A row of K codes becomes k bit planes of ceil(K / 64) words each, interleaved as
 * [word][plane]: long (w * k + i) of the row holds bit i of codes 64 w .. 64 w + 63 (code
 * 64 w + b in bit b). Bits past K are zero, which keeps every popcount identity exact (a zero
 * code contributes nothing whatever the weight). A packed matrix is rows at a fixed row stride
 * (at least kWords * k longs).
 *
 * Why [word][plane] and not [plane][word]: a packed feature map is just such a matrix with one
 * row per pixel and its channels as K (channels innermost), and a convolution window is then
 * a concatenation of whole [word][plane] blocks of its pixels (WindowLayout), so im2col copies
 * contiguous runs of longs; the kernel reads all planes of a word from one cache line.
 *
 * Weights are packed by BitPacking.packWeights into BitWeights ([word][plane][channel]).
 *
 * Feature maps for convolution: codes in HWC (channels innermost, one packRows call with
 * rows = pixels) or CHW (packChwPixels) become a pixel map [pixel][wordsPerPixel][plane];
 * im2col then builds the window rows in WindowLayout order. The fast vector packer for large
 * inputs (the 8-bit first layer) is CodePacker.get(); these static methods are the reference.
 */
package dev.hsiq.kernels;

public final class BitPacking {

    private BitPacking() {
    }

    /** Words needed for n bits: ceil(n / 64). */
    public static int words(int n) {
        return (n + 63) >>> 6;
    }

    static void checkBits(int bits) {
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("activation codes have 1..8 bits, not " + bits);
        }
    }

    /**
     * Packs rows of unsigned codes: row r is codes[codesOff + r * ldCodes + c] for c < k, each in
     * 0..2^bits - 1 (else IllegalArgumentException); row r goes to dst[dstOff + r * dstRowStride]
     * as [word][plane] (type comment), all words(k) * bits longs written.
     */
    public static void packRows(byte[] codes, int codesOff, int ldCodes, int rows, int k, int bits,
                                long[] dst, int dstOff, int dstRowStride) {
        checkPackArgs(codes.length, codesOff, ldCodes, rows, k, bits, dst.length, dstOff, dstRowStride);
        int kWords = words(k);
        int limit = 1 << bits;
        for (int r = 0; r < rows; r++) {
            int src = codesOff + r * ldCodes;
            int out = dstOff + r * dstRowStride;
            java.util.Arrays.fill(dst, out, out + kWords * bits, 0L);
            for (int c = 0; c < k; c++) {
                int q = codes[src + c] & 0xFF;
                if (q >= limit) {
                    throw new IllegalArgumentException("code " + q + " at row " + r + ", column " + c
                            + " does not fit " + bits + " bits");
                }
                int base = out + (c >>> 6) * bits;
                long bit = 1L << (c & 63);
                for (int i = 0; i < bits; i++) {
                    if (((q >>> i) & 1) != 0) {
                        dst[base + i] |= bit;
                    }
                }
            }
        }
    }

    /** Validates the arguments of packRows / unpackRows (shared with the vector packer). */
    public static void checkPackArgs(int codesLen, int codesOff, int ldCodes, int rows, int k, int bits,
                              int dstLen, int dstOff, int dstRowStride) {
        checkBits(bits);
        if (rows < 0 || k <= 0) {
            throw new IllegalArgumentException("cannot pack " + rows + " rows of " + k + " codes");
        }
        GemmChecks.block("codes", codesLen, codesOff, rows, k, ldCodes);
        GemmChecks.block("packed rows", dstLen, dstOff, rows, words(k) * bits, dstRowStride);
    }

    /** Inverse of packRows (for tests and debugging). */
    public static void unpackRows(long[] src, int srcOff, int srcRowStride, int rows, int k, int bits,
                                  byte[] codes, int codesOff, int ldCodes) {
        checkPackArgs(codes.length, codesOff, ldCodes, rows, k, bits, src.length, srcOff, srcRowStride);
        for (int r = 0; r < rows; r++) {
            int in = srcOff + r * srcRowStride;
            for (int c = 0; c < k; c++) {
                int base = in + (c >>> 6) * bits;
                int q = 0;
                for (int i = 0; i < bits; i++) {
                    q |= (int) ((src[base + i] >>> (c & 63)) & 1L) << i;
                }
                codes[codesOff + r * ldCodes + c] = (byte) q;
            }
        }
    }

    /**
     * Packs a CHW code map (codes[codesOff + (c * h + y) * w + x]) into the pixel map
     * [pixel = y * w + x][word][plane] at dst[dstOff + pixel * pixelStride]. Strided reads: for
     * large inputs produce HWC codes and use packRows / CodePacker instead.
     */
    public static void packChwPixels(byte[] codes, int codesOff, int channels, int h, int w, int bits,
                                     long[] dst, int dstOff, int pixelStride) {
        int pixels = Math.multiplyExact(h, w);
        checkBits(bits);
        if (channels <= 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("empty CHW map " + channels + "x" + h + "x" + w);
        }
        GemmChecks.block("codes", codes.length, codesOff, channels, pixels, pixels);
        GemmChecks.block("pixel map", dst.length, dstOff, pixels, words(channels) * bits, pixelStride);
        int limit = 1 << bits;
        for (int p = 0; p < pixels; p++) {
            int out = dstOff + p * pixelStride;
            java.util.Arrays.fill(dst, out, out + words(channels) * bits, 0L);
            for (int c = 0; c < channels; c++) {
                int q = codes[codesOff + c * pixels + p] & 0xFF;
                if (q >= limit) {
                    throw new IllegalArgumentException("code " + q + " at channel " + c + ", pixel " + p
                            + " does not fit " + bits + " bits");
                }
                int base = out + (c >>> 6) * bits;
                long bit = 1L << (c & 63);
                for (int i = 0; i < bits; i++) {
                    if (((q >>> i) & 1) != 0) {
                        dst[base + i] |= bit;
                    }
                }
            }
        }
    }

    /**
     * Builds packed window rows (WindowLayout.of(g) order) for output pixels pixelStart ..
     * pixelEnd-1 (row-major over outH x outW) of a convolution over a packed pixel map (one
     * sample, pixel (y, x) at map[mapOff + (y * inW + x) * pixelStride], [word][plane] with
     * wordsPerPixel words). Row of output pixel p goes to dst[dstOff + (p - pixelStart) *
     * dstRowStride]. Positions outside the input read as code 0 (zero padding).
     */
    public static void im2col(ConvGeometry g, int bits, long[] map, int mapOff, int pixelStride,
                              int pixelStart, int pixelEnd, long[] dst, int dstOff, int dstRowStride) {
        checkBits(bits);
        WindowLayout layout = WindowLayout.of(g);
        int f = layout.fullWordsPerPixel();
        int rem = layout.remainder();
        int fullLongs = f * bits;
        int kWords = layout.kWords();
        int rowLongs = kWords * bits;
        int outPixels = g.outPixels();
        if (pixelStart < 0 || pixelEnd > outPixels || pixelStart > pixelEnd) {
            throw new IllegalArgumentException("output pixels " + pixelStart + ".." + pixelEnd + " outside 0.."
                    + outPixels);
        }
        GemmChecks.block("pixel map", map.length, mapOff, g.inH() * g.inW(), layout.wordsPerPixel() * bits,
                pixelStride);
        GemmChecks.block("window rows", dst.length, dstOff, pixelEnd - pixelStart, rowLongs, dstRowStride);
        int ow = g.outW();
        int tailBase = layout.fullWords() * bits;
        for (int p = pixelStart; p < pixelEnd; p++) {
            int row = dstOff + (p - pixelStart) * dstRowStride;
            if (rem != 0) {
                java.util.Arrays.fill(dst, row + tailBase, row + rowLongs, 0L);
            }
            int oy = p / ow;
            int ox = p - oy * ow;
            int tap = 0;
            for (int i = 0; i < g.kH(); i++) {
                int iy = oy * g.strideH() - g.padH() + i;
                for (int j = 0; j < g.kW(); j++, tap++) {
                    int ix = ox * g.strideW() - g.padW() + j;
                    boolean inside = iy >= 0 && iy < g.inH() && ix >= 0 && ix < g.inW();
                    int full = row + tap * fullLongs;
                    if (!inside) {
                        java.util.Arrays.fill(dst, full, full + fullLongs, 0L);
                        continue;
                    }
                    int src = mapOff + (iy * g.inW() + ix) * pixelStride;
                    System.arraycopy(map, src, dst, full, fullLongs);
                    if (rem != 0) {
                        int pos = tap * rem;
                        int word = row + tailBase + (pos >>> 6) * bits;
                        int shift = pos & 63;
                        for (int b = 0; b < bits; b++) {
                            long v = map[src + fullLongs + b];
                            dst[word + b] |= v << shift;
                            if (shift + rem > 64) {
                                dst[word + bits + b] |= v >>> (64 - shift);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs weight codes for the bit-serial GEMM. codes[o * layout.k() + c * layout.taps() + t]
     * is the code of output channel o, input channel c, tap t: exactly the [out][in][kh][kw]
     * order of a conv weight (t = ky * kW + kx) and the [out][in] order of a dense weight
     * (one tap). Codes must lie in the coding's range (BitWeights.minCode..maxCode; binary
     * codes are -1 or +1).
     */
    public static BitWeights packWeights(byte[] codes, int channels, WindowLayout layout,
                                         BitWeights.Coding coding, int bits) {
        int k = layout.k();
        if (channels <= 0 || (long) channels * k != codes.length) {
            throw new IllegalArgumentException("weight codes hold " + codes.length + " values, " + channels
                    + " channels x " + k + " need " + (long) channels * k);
        }
        int padded = BitWeights.roundUpChannels(channels);
        int kWords = layout.kWords();
        int planes = bits;
        long[] data = new long[Math.multiplyExact(Math.multiplyExact(kWords, planes), padded)];
        BitWeights shape = new BitWeights(coding, bits, channels, padded, kWords, data);
        int min = BitWeights.minCode(coding, bits);
        int max = BitWeights.maxCode(coding, bits);
        for (int o = 0; o < channels; o++) {
            for (int c = 0; c < layout.channels(); c++) {
                for (int t = 0; t < layout.taps(); t++) {
                    int code = codes[o * k + c * layout.taps() + t];
                    if (code < min || code > max || (coding == BitWeights.Coding.BINARY && code == 0)) {
                        throw new IllegalArgumentException("weight code " + code + " of channel " + o + ", input "
                                + c + ", tap " + t + " is outside " + coding + (coding == BitWeights.Coding.SIGNED
                                ? " " + bits + "-bit" : ""));
                    }
                    int idx = layout.bitIndex(t, c);
                    long bit = 1L << (idx & 63);
                    int base = (idx >>> 6) * planes * padded + o;
                    long planeBits = switch (coding) {
                        case BINARY -> code > 0 ? 1 : 0;
                        case TERNARY -> code > 0 ? 1 : code < 0 ? 2 : 0;
                        case SIGNED -> code & ((1 << bits) - 1);
                    };
                    for (int j = 0; j < planes; j++) {
                        if (((planeBits >>> j) & 1) != 0) {
                            data[base + j * padded] |= bit;
                        }
                    }
                }
            }
        }
        return shape;
    }

    /** Inverse of packWeights: codes in the [out][in][taps] order (for tests). */
    public static byte[] unpackWeights(BitWeights w, WindowLayout layout) {
        if (layout.kWords() != w.kWords()) {
            throw new IllegalArgumentException("layout has " + layout.kWords() + " words, weights " + w.kWords());
        }
        int k = layout.k();
        byte[] codes = new byte[w.channels() * k];
        int planes = w.planes();
        int padded = w.paddedChannels();
        for (int o = 0; o < w.channels(); o++) {
            for (int c = 0; c < layout.channels(); c++) {
                for (int t = 0; t < layout.taps(); t++) {
                    int idx = layout.bitIndex(t, c);
                    int base = (idx >>> 6) * planes * padded + o;
                    int v = 0;
                    for (int j = 0; j < planes; j++) {
                        v |= (int) ((w.data()[base + j * padded] >>> (idx & 63)) & 1L) << j;
                    }
                    int code = switch (w.coding()) {
                        case BINARY -> v == 1 ? 1 : -1;
                        case TERNARY -> v == 1 ? 1 : v == 2 ? -1 : 0;
                        case SIGNED -> (v << (32 - w.bits())) >> (32 - w.bits());
                    };
                    codes[o * k + c * layout.taps() + t] = (byte) code;
                }
            }
        }
        return codes;
    }
}
