package dev.hsiq.kernels;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LutConvTest {

    static int[] run(LutConv lut, ConvGeometry g, byte[] hwc, byte[] w) {
        LutWeights prepared = lut.prepare(w, g);
        short[] ws = new short[lut.workspaceSize(g)];
        int pixels = g.inH() * g.inW();
        lut.tables(g, hwc, 0, ws, 0, pixels / 2);
        lut.tables(g, hwc, 0, ws, pixels / 2, pixels);
        int ldc = g.outChannels() + 1;
        int[] c = new int[g.outPixels() * ldc];
        Arrays.fill(c, 0x7E7E7E7E);
        int half = g.outPixels() / 3;
        lut.conv(g, prepared, ws, 0, half, c, 0, ldc);
        lut.conv(g, prepared, ws, half, g.outPixels(), c, 0, ldc);
        int[] out = new int[g.outPixels() * g.outChannels()];
        for (int p = 0; p < g.outPixels(); p++) {
            System.arraycopy(c, p * ldc, out, p * g.outChannels(), g.outChannels());
            assertThat(c[p * ldc + g.outChannels()]).isEqualTo(0x7E7E7E7E);
        }
        return out;
    }

    static final ConvGeometry[] GEOMETRIES = {
            new ConvGeometry(200, 9, 9, 64, 3, 3, 1, 1, 0, 0),     // patch-cnn conv1
            new ConvGeometry(13, 6, 5, 13, 3, 3, 2, 1, 1, 1),      // padding, stride, odd channels
            new ConvGeometry(1, 1, 40, 32, 1, 11, 1, 1, 0, 0),     // spectral-cnn conv1
            new ConvGeometry(300, 1, 7, 65, 1, 1, 1, 1, 0, 0),     // a plain GEMM 7 x 300 x 65
            new ConvGeometry(64, 4, 4, 130, 2, 2, 1, 1, 1, 1),
    };

    @Test
    void scalarMatchesDirectConvolution() {
        Random rnd = new Random(21);
        for (ConvGeometry g : GEOMETRIES) {
            byte[] chw = IntRef.codes(rnd, g.inSize(), 8, 0);
            byte[] w = IntRef.weightCodes(rnd, g.weightSize(), BitWeights.Coding.BINARY, 1, 0);
            assertThat(run(LutConv.scalar(), g, IntRef.chwToHwc(chw, g.inChannels(), g.inH(), g.inW()), w))
                    .isEqualTo(IntRef.conv(g, chw, w));
        }
    }

    @Tag("kernel-compare")
    @Test
    void vectorMatchesScalarOnConvolutions() {
        Assumptions.assumeTrue(Vectorization.vectorEnabled(), "vector kernels not in use");
        Random rnd = new Random(22);
        for (ConvGeometry g : GEOMETRIES) {
            for (int mode = 0; mode < 4; mode++) {
                byte[] hwc = IntRef.codes(rnd, g.inSize(), 8, mode);
                byte[] w = IntRef.weightCodes(rnd, g.weightSize(), BitWeights.Coding.BINARY, 1, mode == 0 ? 0 : 3);
                assertThat(run(LutConv.get(), g, hwc, w)).as("%s mode %d", g, mode)
                        .isEqualTo(run(LutConv.scalar(), g, hwc, w));
            }
        }
    }

    @Tag("kernel-compare")
    @ParameterizedTest
    @ValueSource(ints = {1, 13, 63, 64, 65, 207, 300, 702, 2046})
    void vectorMatchesScalarAcrossGemmSizes(int size) {
        Assumptions.assumeTrue(Vectorization.vectorEnabled(), "vector kernels not in use");
        Random rnd = new Random(size);
        // a GEMM rows x k x n as a 1x1 convolution; vary one dimension around 13 x 300 x 64
        int[][] shapes = {{size, 300, 64}, {13, size, 64}, {13, 300, size}};
        for (int[] s : shapes) {
            ConvGeometry g = new ConvGeometry(s[1], 1, s[0], s[2], 1, 1, 1, 1, 0, 0);
            byte[] hwc = IntRef.codes(rnd, g.inSize(), 8, 0);
            byte[] w = IntRef.weightCodes(rnd, g.weightSize(), BitWeights.Coding.BINARY, 1, 0);
            assertThat(run(LutConv.get(), g, hwc, w)).as("m=%d k=%d n=%d", s[0], s[1], s[2])
                    .isEqualTo(run(LutConv.scalar(), g, hwc, w));
        }
    }

    /** Overflow suite: all codes 255 and all weights +1 / -1 over a long reduction (16-bit sums widen in time). */
    @Tag("kernel-compare")
    @Test
    void largestCodesOverALongReductionAreExact() {
        ConvGeometry g = new ConvGeometry(2046, 3, 3, 3, 3, 3, 1, 1, 0, 0); // k = 18,414
        byte[] hwc = new byte[g.inSize()];
        Arrays.fill(hwc, (byte) 255);
        byte[] w = new byte[g.weightSize()];
        int k = g.k();
        Arrays.fill(w, 0, k, (byte) 1);
        Arrays.fill(w, k, 2 * k, (byte) -1);
        for (int i = 2 * k; i < 3 * k; i++) {
            w[i] = (byte) ((i & 1) == 0 ? 1 : -1);
        }
        for (LutConv lut : new LutConv[]{LutConv.scalar(), LutConv.get()}) {
            assertThat(run(lut, g, hwc, w)).containsExactly(255 * k, -255 * k, 0);
        }
    }

    @Test
    void nonBinaryWeightsAreRejected() {
        ConvGeometry g = new ConvGeometry(2, 1, 1, 1, 1, 1, 1, 1, 0, 0);
        assertThatThrownBy(() -> LutConv.get().prepare(new byte[]{1, 0}, g)).hasMessageContaining("not -1 or +1");
    }
}
