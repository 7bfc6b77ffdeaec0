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

class Int8GemmTest {

    static int[] run(Int8Gemm gemm, byte[] a, int rows, int k, int aBits, Int8Weights w) {
        int ldc = w.channels() + 1;
        int[] c = new int[rows * ldc];
        Arrays.fill(c, 0x3C3C3C3C);
        gemm.gemm(a, 0, k, aBits, w, 0, rows, c, 0, ldc);
        int[] out = new int[rows * w.channels()];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(c, r * ldc, out, r * w.channels(), w.channels());
            assertThat(c[r * ldc + w.channels()]).isEqualTo(0x3C3C3C3C);
        }
        return out;
    }

    static byte[] weights(Random rnd, int n, int maxAbs, int mode) {
        byte[] w = new byte[n];
        for (int i = 0; i < n; i++) {
            w[i] = (byte) switch (mode) {
                case 0 -> rnd.nextInt(2 * maxAbs + 1) - maxAbs;
                case 1 -> maxAbs == 128 ? 127 : maxAbs;
                case 2 -> -maxAbs;
                default -> (i & 1) == 0 ? -maxAbs : 0;
            };
        }
        return w;
    }

    @Test
    void scalarMatchesPlainDotProduct() {
        Random rnd = new Random(7);
        for (int aBits : new int[]{1, 4, 8}) {
            for (int maxAbs : new int[]{1, 7, 128}) {
                int rows = 5, n = 9, k = 77;
                byte[] a = IntRef.codes(rnd, rows * k, aBits, 0);
                byte[] w = weights(rnd, n * k, maxAbs, 0);
                assertThat(run(Int8Gemm.scalar(), a, rows, k, aBits, Int8Gemm.scalar().prepare(w, n, k)))
                        .isEqualTo(IntRef.gemm(a, w, rows, n, k));
            }
        }
    }

    @Tag("kernel-compare")
    @ParameterizedTest
    @ValueSource(ints = {1, 13, 63, 64, 65, 207, 300, 702, 2046})
    void vectorMatchesScalar(int size) {
        Assumptions.assumeTrue(Vectorization.vectorEnabled(), "vector kernels not in use");
        Random rnd = new Random(size);
        int[][] shapes = {{size, 64, 300}, {13, size, 300}, {13, 64, size}};
        int[][] bitsAndMax = {{8, 1}, {8, 128}, {4, 127}, {2, 1}};
        for (int[] s : shapes) {
            for (int[] bm : bitsAndMax) {
                for (int mode = 0; mode < 4; mode++) {
                    int rows = s[0], n = s[1], k = s[2];
                    byte[] a = IntRef.codes(rnd, rows * k, bm[0], mode);
                    byte[] w = weights(rnd, n * k, bm[1], mode);
                    Int8Weights prepared = Int8Gemm.get().prepare(w, n, k);
                    int[] scalar = run(Int8Gemm.scalar(), a, rows, k, bm[0], prepared);
                    assertThat(run(Int8Gemm.get(), a, rows, k, bm[0], prepared))
                            .as("m=%d n=%d k=%d a%d |w|<=%d mode %d", rows, n, k, bm[0], bm[1], mode).isEqualTo(scalar);
                }
            }
        }
    }

    /** Overflow suite: the largest k for 8-bit codes x -128 weights lands 127 below the int32 limit. */
    @Tag("kernel-compare")
    @Test
    void largestKWithLargestCodesIsExact() {
        int k = Integer.MAX_VALUE / (255 * 128);
        byte[] a = new byte[k];
        Arrays.fill(a, (byte) 255);
        byte[] w = new byte[2 * k];
        Arrays.fill(w, 0, k, (byte) -128);
        Arrays.fill(w, k, 2 * k, (byte) 127);
        for (Int8Gemm gemm : new Int8Gemm[]{Int8Gemm.scalar(), Int8Gemm.get()}) {
            Int8Weights prepared = gemm.prepare(w, 2, k);
            int[] c = new int[2];
            gemm.gemm(a, 0, k, 8, prepared, 0, 1, c, 0, 2);
            assertThat(c).containsExactly((int) (-255L * 128 * k), (int) (255L * 127 * k));
            Int8Weights tooLong = gemm.prepare(new byte[]{-128, -128}, 1, 2);
            assertThat(tooLong.maxAbs()).isEqualTo(128);
        }
        byte[] longer = new byte[k + 1];
        Arrays.fill(longer, (byte) -128);
        Int8Weights tooLong = Int8Gemm.get().prepare(longer, 1, k + 1);
        assertThatThrownBy(() -> Int8Gemm.get().gemm(new byte[k + 1], 0, k + 1, 8, tooLong, 0, 1, new int[1], 0, 1))
                .hasMessageContaining("can overflow int32");
    }

    @Test
    void codesAboveTheDeclaredBitsAreRejected() {
        byte[] a = new byte[100];
        a[99] = 16;
        for (Int8Gemm gemm : new Int8Gemm[]{Int8Gemm.scalar(), Int8Gemm.get()}) {
            Int8Weights w = gemm.prepare(new byte[100], 1, 100);
            assertThatThrownBy(() -> gemm.gemm(a, 0, 100, 4, w, 0, 1, new int[1], 0, 1))
                    .hasMessageContaining("do not fit 4 bits");
        }
    }
}
