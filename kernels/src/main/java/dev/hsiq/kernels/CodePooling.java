/*
 * Max pooling on activation codes. Max pooling commutes with the monotone step activation
 * (DESIGN section 1), so the engine pools the codes of the next layer's input directly.
 *
 * Two forms over a window geometry (ConvGeometry: kernel, stride, padding; 1-D windows have
 * inH = kH = 1; padded positions are ignored, not zeros):
 *   codes:  HWC byte codes [pixel][channel] -> [outPixel][channel], unsigned max per channel.
 *   planes: packed pixel maps [pixel][word][plane] -> [outPixel][word][plane].
 *
 * Max on planes. The max of unsigned codes is not the OR of their planes (max(1, 2) = 2 but
 * 1 | 2 = 3). It is decided from the top plane down, 64 channels per long (bit-sliced):
 *   res_top = OR_p a_p[top]
 *   res_i   = OR_p (a_p[i] AND alive_p(i)),  alive_p(i) = AND_{j > i} NOT(a_p[j] XOR res_j)
 * where alive_p(i) marks, per channel bit, the candidates p that still equal the maximum on
 * every higher plane; a candidate whose higher bits lost can no longer set lower bits. Cost per
 * word: P * bits^2 / 2 logic operations for P window positions; bits = 1 reduces to OR. Each
 * long already carries 64 channels (SIMD within a register), which covers the pooled layers of
 * the reference networks (32 or 64 channels: one word per pixel), so there is no separate
 * Vector API version.
 */
package dev.hsiq.kernels;

public final class CodePooling {

    private CodePooling() {
    }

    private static void checkGeometry(ConvGeometry g) {
        if (g.outChannels() != g.inChannels()) {
            throw new IllegalArgumentException("pooling keeps the channels: geometry has " + g.inChannels() + " in, "
                    + g.outChannels() + " out");
        }
    }

    /** Unsigned max of HWC codes over each window; out is [outPixel][channel]. */
    public static void maxCodes(ConvGeometry g, byte[] in, int inOff, byte[] out, int outOff) {
        checkGeometry(g);
        int c = g.inChannels();
        GemmChecks.block("codes", in.length, inOff, g.inH() * g.inW(), c, c);
        GemmChecks.block("pooled codes", out.length, outOff, g.outPixels(), c, c);
        for (int oy = 0; oy < g.outH(); oy++) {
            for (int ox = 0; ox < g.outW(); ox++) {
                int dst = outOff + (oy * g.outW() + ox) * c;
                java.util.Arrays.fill(out, dst, dst + c, (byte) 0);
                for (int i = 0; i < g.kH(); i++) {
                    int iy = oy * g.strideH() - g.padH() + i;
                    if (iy < 0 || iy >= g.inH()) {
                        continue;
                    }
                    for (int j = 0; j < g.kW(); j++) {
                        int ix = ox * g.strideW() - g.padW() + j;
                        if (ix < 0 || ix >= g.inW()) {
                            continue;
                        }
                        int src = inOff + (iy * g.inW() + ix) * c;
                        for (int ch = 0; ch < c; ch++) {
                            if ((in[src + ch] & 0xFF) > (out[dst + ch] & 0xFF)) {
                                out[dst + ch] = in[src + ch];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Max over each window of packed pixel maps (pixel (y, x) at in[inOff + (y * inW + x) *
     * pixelStride], [word][plane], words = ceil(channels / 64)); output pixel p is written to
     * out[outOff + p * outPixelStride] in the same layout.
     */
    public static void maxPlanes(ConvGeometry g, int bits, long[] in, int inOff, int pixelStride,
                                 long[] out, int outOff, int outPixelStride) {
        checkGeometry(g);
        BitPacking.checkBits(bits);
        int words = BitPacking.words(g.inChannels());
        GemmChecks.block("pixel map", in.length, inOff, g.inH() * g.inW(), words * bits, pixelStride);
        GemmChecks.block("pooled map", out.length, outOff, g.outPixels(), words * bits, outPixelStride);
        for (int oy = 0; oy < g.outH(); oy++) {
            for (int ox = 0; ox < g.outW(); ox++) {
                int dst = outOff + (oy * g.outW() + ox) * outPixelStride;
                int y0 = Math.max(0, oy * g.strideH() - g.padH());
                int y1 = Math.min(g.inH(), oy * g.strideH() - g.padH() + g.kH());
                int x0 = Math.max(0, ox * g.strideW() - g.padW());
                int x1 = Math.min(g.inW(), ox * g.strideW() - g.padW() + g.kW());
                for (int w = 0; w < words; w++) {
                    int dw = dst + w * bits;
                    for (int i = bits - 1; i >= 0; i--) {
                        long res = 0;
                        for (int y = y0; y < y1; y++) {
                            for (int x = x0; x < x1; x++) {
                                int src = inOff + (y * g.inW() + x) * pixelStride + w * bits;
                                long alive = -1L;
                                for (int j = bits - 1; j > i; j--) {
                                    alive &= ~(in[src + j] ^ out[dw + j]);
                                }
                                res |= in[src + i] & alive;
                            }
                        }
                        out[dw + i] = res;
                    }
                }
            }
        }
    }
}
