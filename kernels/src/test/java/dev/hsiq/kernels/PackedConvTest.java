package dev.hsiq.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packed convolution path the engine uses: codes (CHW or HWC) -> pixel map -> im2col
 * window rows -> bit-serial GEMM with conv-packed weights, against a direct integer
 * convolution of the codes. Crosses channel counts (multiples of 64 and remainders),
 * kernels, strides, paddings and weight codings.
 */
class PackedConvTest {

    record Case(int c, int h, int w, int o, int kh, int kw, int stride, int pad) {
    }

    static final Case[] CASES = {
            new Case(200, 9, 9, 64, 3, 3, 1, 0),   // patch-cnn conv1 (per patch)
            new Case(64, 7, 7, 64, 3, 3, 1, 0),    // conv2
            new Case(64, 5, 5, 13, 3, 3, 1, 1),    // padded
            new Case(13, 5, 6, 9, 3, 2, 2, 1),     // odd everything
            new Case(128, 3, 3, 10, 3, 3, 1, 0),   // dense over the flattened 3x3 map
            new Case(1, 1, 50, 32, 1, 11, 1, 0),   // spectral-cnn conv1 (1-D)
            new Case(32, 1, 13, 64, 1, 7, 1, 0),   // spectral-cnn conv2
            new Case(65, 4, 4, 8, 2, 2, 2, 0),
    };

    @Test
    void packedConvolutionMatchesDirectConvolution() {
        Random rnd = new Random(11);
        for (Case cs : CASES) {
            ConvGeometry g = new ConvGeometry(cs.c(), cs.h(), cs.w(), cs.o(), cs.kh(), cs.kw(), cs.stride(), cs.stride(),
                    cs.pad(), cs.pad());
            for (int aBits : new int[]{1, 2, 8}) {
                for (BitWeights.Coding coding : BitWeights.Coding.values()) {
                    int wBits = coding == BitWeights.Coding.SIGNED ? 3 : coding == BitWeights.Coding.BINARY ? 1 : 2;
                    byte[] chw = IntRef.codes(rnd, g.inSize(), aBits, 0);
                    byte[] wc = IntRef.weightCodes(rnd, g.weightSize(), coding, wBits, 0);
                    int[] expected = IntRef.conv(g, chw, wc);

                    WindowLayout layout = WindowLayout.of(g);
                    int pixelStride = layout.wordsPerPixel() * aBits;
                    long[] map = new long[g.inH() * g.inW() * pixelStride];
                    BitPacking.packChwPixels(chw, 0, g.inChannels(), g.inH(), g.inW(), aBits, map, 0, pixelStride);
                    long[] mapHwc = new long[map.length];
                    BitPacking.packRows(IntRef.chwToHwc(chw, g.inChannels(), g.inH(), g.inW()), 0, g.inChannels(),
                            g.inH() * g.inW(), g.inChannels(), aBits, mapHwc, 0, pixelStride);
                    assertThat(mapHwc).isEqualTo(map);

                    int rowStride = layout.kWords() * aBits;
                    long[] rows = new long[g.outPixels() * rowStride];
                    // build the windows in two pieces to exercise the pixel range
                    int half = g.outPixels() / 2;
                    BitPacking.im2col(g, aBits, map, 0, pixelStride, 0, half, rows, 0, rowStride);
                    BitPacking.im2col(g, aBits, map, 0, pixelStride, half, g.outPixels(), rows, half * rowStride,
                            rowStride);
                    BitWeights w = BitPacking.packWeights(wc, g.outChannels(), layout, coding, wBits);
                    for (BitSerialGemm gemm : new BitSerialGemm[]{BitSerialGemm.scalar(), BitSerialGemm.get()}) {
                        int[] out = new int[g.outPixels() * g.outChannels()];
                        gemm.gemm(rows, 0, rowStride, aBits, w, 0, g.outPixels(), out, 0, g.outChannels());
                        assertThat(out).as("%s a%d %s", cs, aBits, coding).isEqualTo(expected);
                    }
                }
            }
        }
    }
}
