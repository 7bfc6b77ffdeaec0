/*
 * Plain integer references for the integer kernels' tests: dot products of unpacked codes and
 * direct convolutions, written without any packing so that they check the packing too.
 */
package dev.hsiq.kernels;

import java.util.Random;

final class IntRef {

    private IntRef() {
    }

    /** Random unsigned codes of the given bits; mode 0 random, 1 all max, 2 alternating 0/max, 3 zeros. */
    static byte[] codes(Random rnd, int n, int bits, int mode) {
        byte[] q = new byte[n];
        int max = (1 << bits) - 1;
        for (int i = 0; i < n; i++) {
            q[i] = (byte) switch (mode) {
                case 0 -> rnd.nextInt(max + 1);
                case 1 -> max;
                case 2 -> (i & 1) == 0 ? max : 0;
                default -> 0;
            };
        }
        return q;
    }

    /** Random weight codes of a coding; mode 0 random, 1 all max, 2 all min, 3 alternating min/max. */
    static byte[] weightCodes(Random rnd, int n, BitWeights.Coding coding, int bits, int mode) {
        int min = BitWeights.minCode(coding, bits);
        int max = BitWeights.maxCode(coding, bits);
        byte[] w = new byte[n];
        for (int i = 0; i < n; i++) {
            int v = switch (mode) {
                case 0 -> min + rnd.nextInt(max - min + 1);
                case 1 -> max;
                case 2 -> min;
                default -> (i & 1) == 0 ? min : max;
            };
            if (coding == BitWeights.Coding.BINARY && v == 0) {
                v = 1;
            }
            w[i] = (byte) v;
        }
        return w;
    }

    /** c[r][n] = sum_k (q[r][k] & 0xFF) * w[n][k]; q is rows x k, w is channels x k. */
    static int[] gemm(byte[] q, byte[] w, int rows, int channels, int k) {
        int[] c = new int[rows * channels];
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < channels; n++) {
                long acc = 0;
                for (int i = 0; i < k; i++) {
                    acc += (long) (q[r * k + i] & 0xFF) * w[n * k + i];
                }
                c[r * channels + n] = Math.toIntExact(acc);
            }
        }
        return c;
    }

    /**
     * Direct convolution of a CHW code map with [out][in][kh][kw] weights: out[p][o] for output
     * pixel p (row-major), zero padding.
     */
    static int[] conv(ConvGeometry g, byte[] chw, byte[] w) {
        int outCh = g.outChannels();
        int[] out = new int[g.outPixels() * outCh];
        for (int oy = 0; oy < g.outH(); oy++) {
            for (int ox = 0; ox < g.outW(); ox++) {
                for (int o = 0; o < outCh; o++) {
                    long acc = 0;
                    for (int c = 0; c < g.inChannels(); c++) {
                        for (int i = 0; i < g.kH(); i++) {
                            int iy = oy * g.strideH() - g.padH() + i;
                            for (int j = 0; j < g.kW(); j++) {
                                int ix = ox * g.strideW() - g.padW() + j;
                                if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) {
                                    continue;
                                }
                                int q = chw[(c * g.inH() + iy) * g.inW() + ix] & 0xFF;
                                acc += (long) q * w[((o * g.inChannels() + c) * g.kH() + i) * g.kW() + j];
                            }
                        }
                    }
                    out[(oy * g.outW() + ox) * outCh + o] = Math.toIntExact(acc);
                }
            }
        }
        return out;
    }

    /** CHW -> HWC copy. */
    static byte[] chwToHwc(byte[] chw, int c, int h, int w) {
        byte[] hwc = new byte[chw.length];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < h * w; p++) {
                hwc[p * c + ch] = chw[ch * h * w + p];
            }
        }
        return hwc;
    }
}
