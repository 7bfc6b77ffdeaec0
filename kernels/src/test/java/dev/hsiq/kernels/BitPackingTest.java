package dev.hsiq.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BitPackingTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 13, 63, 64, 65, 207, 300, 702, 2046})
    void activationRoundTrip(int k) {
        Random rnd = new Random(k);
        for (int bits = 1; bits <= 8; bits++) {
            for (int mode = 0; mode < 4; mode++) {
                int rows = 3;
                byte[] q = IntRef.codes(rnd, rows * k, bits, mode);
                int stride = BitPacking.words(k) * bits + 5;
                long[] packed = new long[2 + rows * stride];
                java.util.Arrays.fill(packed, -1L);
                BitPacking.packRows(q, 0, k, rows, k, bits, packed, 2, stride);
                byte[] back = new byte[rows * k];
                BitPacking.unpackRows(packed, 2, stride, rows, k, bits, back, 0, k);
                assertThat(back).isEqualTo(q);
                // padding bits past k are zero in every plane
                if (k % 64 != 0) {
                    for (int r = 0; r < rows; r++) {
                        int last = 2 + r * stride + (BitPacking.words(k) - 1) * bits;
                        for (int i = 0; i < bits; i++) {
                            assertThat(packed[last + i] >>> (k & 63)).as("padding of plane %d", i).isZero();
                        }
                    }
                }
            }
        }
    }

    @Test
    void planeLayoutIsWordThenPlane() {
        byte[] q = new byte[130];
        q[0] = 1;      // plane 0, word 0, bit 0
        q[65] = 2;     // plane 1, word 1, bit 1
        q[129] = 3;    // planes 0 and 1, word 2, bit 1
        long[] p = new long[3 * 2];
        BitPacking.packRows(q, 0, 130, 1, 130, 2, p, 0, 6);
        assertThat(p).containsExactly(1L, 0L, 0L, 2L, 2L, 2L);
    }

    @Test
    void codeTooLargeIsRejected() {
        byte[] q = {0, 4};
        assertThatThrownBy(() -> BitPacking.packRows(q, 0, 2, 1, 2, 2, new long[2], 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit 2 bits");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 13, 64, 65, 200, 300})
    void weightRoundTrip(int k) {
        Random rnd = new Random(k);
        WindowLayout dense = WindowLayout.dense(k);
        WindowLayout window = new WindowLayout(k, 9);
        for (BitWeights.Coding coding : BitWeights.Coding.values()) {
            int[] widths = coding == BitWeights.Coding.SIGNED ? new int[]{2, 3, 4, 8} : new int[]{coding == BitWeights.Coding.BINARY ? 1 : 2};
            for (int bits : widths) {
                for (WindowLayout layout : new WindowLayout[]{dense, window}) {
                    for (int mode = 0; mode < 4; mode++) {
                        int n = 13;
                        byte[] w = IntRef.weightCodes(rnd, n * layout.k(), coding, bits, mode);
                        BitWeights packed = BitPacking.packWeights(w, n, layout, coding, bits);
                        assertThat(packed.paddedChannels()).isEqualTo(16);
                        assertThat(BitPacking.unpackWeights(packed, layout)).isEqualTo(w);
                    }
                }
            }
        }
    }

    @Test
    void weightOutOfRangeIsRejected() {
        assertThatThrownBy(() -> BitPacking.packWeights(new byte[]{0}, 1, WindowLayout.dense(1),
                BitWeights.Coding.BINARY, 1)).hasMessageContaining("outside BINARY");
        assertThatThrownBy(() -> BitPacking.packWeights(new byte[]{2}, 1, WindowLayout.dense(1),
                BitWeights.Coding.SIGNED, 2)).hasMessageContaining("outside SIGNED 2-bit");
        assertThatThrownBy(() -> BitPacking.packWeights(new byte[]{-2}, 1, WindowLayout.dense(1),
                BitWeights.Coding.TERNARY, 2)).hasMessageContaining("outside TERNARY");
    }

    @Test
    void windowLayoutOfPatchCnnLayers() {
        WindowLayout conv1 = new WindowLayout(200, 9);
        assertThat(conv1.fullWords()).isEqualTo(27);
        assertThat(conv1.kWords()).isEqualTo(29); // 1856 bits for 1800 codes
        assertThat(new WindowLayout(64, 9).kWords()).isEqualTo(9);
        assertThat(new WindowLayout(128, 9).kWords()).isEqualTo(18);
        assertThat(WindowLayout.dense(1152).kWords()).isEqualTo(18);
        // every (tap, channel) gets a distinct bit below kWords * 64
        java.util.BitSet seen = new java.util.BitSet();
        for (int t = 0; t < 9; t++) {
            for (int c = 0; c < 200; c++) {
                int idx = conv1.bitIndex(t, c);
                assertThat(idx).isLessThan(29 * 64);
                assertThat(seen.get(idx)).isFalse();
                seen.set(idx);
            }
        }
    }

    @Test
    void chwAndHwcPixelMapsAgree() {
        Random rnd = new Random(5);
        int c = 70, h = 4, w = 5, bits = 3;
        byte[] chw = IntRef.codes(rnd, c * h * w, bits, 0);
        byte[] hwc = IntRef.chwToHwc(chw, c, h, w);
        int stride = BitPacking.words(c) * bits;
        long[] a = new long[h * w * stride];
        long[] b = new long[h * w * stride];
        BitPacking.packRows(hwc, 0, c, h * w, c, bits, a, 0, stride);
        BitPacking.packChwPixels(chw, 0, c, h, w, bits, b, 0, stride);
        assertThat(b).isEqualTo(a);
    }
}
