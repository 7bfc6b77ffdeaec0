package dev.hsiq.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CodePoolingTest {

    @Test
    void maxOfCodesIsNotTheOrOfPlanes() {
        // two pixels of one channel with codes 1 and 2: max 2, OR would give 3
        ConvGeometry g = new ConvGeometry(1, 1, 2, 1, 1, 2, 1, 2, 0, 0);
        long[] map = {1L, 0L, 0L, 1L}; // pixel 0: code 1 (plane0), pixel 1: code 2 (plane1)
        long[] out = new long[2];
        CodePooling.maxPlanes(g, 2, map, 0, 2, out, 0, 2);
        assertThat(out).containsExactly(0L, 1L);
    }

    @Test
    void planesAndCodesAgreeWithBruteForce() {
        Random rnd = new Random(9);
        ConvGeometry[] geoms = {
                new ConvGeometry(64, 1, 190, 64, 1, 3, 1, 3, 0, 0),   // spectral-cnn pool 3 (1-D)
                new ConvGeometry(32, 1, 19, 32, 1, 2, 1, 2, 0, 0),
                new ConvGeometry(70, 6, 7, 70, 2, 2, 2, 2, 0, 0),     // 2-D, odd width
                new ConvGeometry(13, 5, 5, 13, 3, 3, 2, 2, 1, 1),     // padded windows
        };
        for (ConvGeometry g : geoms) {
            for (int bits = 1; bits <= 8; bits++) {
                int c = g.inChannels();
                byte[] hwc = IntRef.codes(rnd, g.inH() * g.inW() * c, bits, 0);
                byte[] expected = new byte[g.outPixels() * c];
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        for (int ch = 0; ch < c; ch++) {
                            int m = 0;
                            for (int i = 0; i < g.kH(); i++) {
                                for (int j = 0; j < g.kW(); j++) {
                                    int iy = oy * g.strideH() - g.padH() + i;
                                    int ix = ox * g.strideW() - g.padW() + j;
                                    if (iy >= 0 && iy < g.inH() && ix >= 0 && ix < g.inW()) {
                                        m = Math.max(m, hwc[(iy * g.inW() + ix) * c + ch] & 0xFF);
                                    }
                                }
                            }
                            expected[(oy * g.outW() + ox) * c + ch] = (byte) m;
                        }
                    }
                }
                byte[] pooled = new byte[expected.length];
                CodePooling.maxCodes(g, hwc, 0, pooled, 0);
                assertThat(pooled).isEqualTo(expected);

                int stride = BitPacking.words(c) * bits;
                long[] map = new long[g.inH() * g.inW() * stride];
                BitPacking.packRows(hwc, 0, c, g.inH() * g.inW(), c, bits, map, 0, stride);
                long[] out = new long[g.outPixels() * stride];
                CodePooling.maxPlanes(g, bits, map, 0, stride, out, 0, stride);
                byte[] back = new byte[expected.length];
                BitPacking.unpackRows(out, 0, stride, g.outPixels(), c, bits, back, 0, c);
                assertThat(back).as("%s, %d bits", g, bits).isEqualTo(expected);
            }
        }
    }
}
