package dev.hsiq.kernels;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BitSerialGemmTest {

    static final int[] SIZES = {1, 13, 63, 64, 65, 207, 300, 702, 2046};

    /** (aBits, coding, wBits) combinations of the varied-size runs. */
    static final Object[][] COMBOS = {
            {1, BitWeights.Coding.BINARY, 1}, {2, BitWeights.Coding.BINARY, 1}, {3, BitWeights.Coding.TERNARY, 2},
            {4, BitWeights.Coding.SIGNED, 4}, {8, BitWeights.Coding.BINARY, 1}, {2, BitWeights.Coding.SIGNED, 2},
    };

    /** A random problem: codes, weights, packed forms and the plain int reference. */
    record Problem(int rows, int n, int k, int aBits, long[] a, int stride, BitWeights w, int[] expected) {
        static Problem make(Random rnd, int rows, int n, int k, int aBits, BitWeights.Coding coding, int wBits,
                            int aMode, int wMode) {
            byte[] q = IntRef.codes(rnd, rows * k, aBits, aMode);
            byte[] wc = IntRef.weightCodes(rnd, n * k, coding, wBits, wMode);
            int stride = BitPacking.words(k) * aBits + 3; // a stride larger than the row
            long[] a = new long[1 + rows * stride];
            BitPacking.packRows(q, 0, k, rows, k, aBits, a, 1, stride);
            BitWeights w = BitPacking.packWeights(wc, n, WindowLayout.dense(k), coding, wBits);
            return new Problem(rows, n, k, aBits, a, stride, w, IntRef.gemm(q, wc, rows, n, k));
        }

        int[] run(BitSerialGemm gemm) {
            int ldc = n + 2;
            int[] c = new int[rows * ldc + 1];
            java.util.Arrays.fill(c, 0x5A5A5A5A);
            gemm.gemm(a, 1, stride, aBits, w, 0, rows, c, 1, ldc);
            int[] out = new int[rows * n];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, 1 + r * ldc, out, r * n, n);
                assertThat(c[1 + r * ldc + n]).as("column past n untouched").isEqualTo(0x5A5A5A5A);
            }
            assertThat(c[0]).isEqualTo(0x5A5A5A5A);
            return out;
        }
    }

    @Test
    void scalarMatchesPlainDotProductForEveryCoding() {
        Random rnd = new Random(1);
        for (int aBits = 1; aBits <= 8; aBits++) {
            for (BitWeights.Coding coding : BitWeights.Coding.values()) {
                int[] widths = coding == BitWeights.Coding.SIGNED ? new int[]{2, 3, 4, 5, 6, 7, 8}
                        : new int[]{coding == BitWeights.Coding.BINARY ? 1 : 2};
                for (int wBits : widths) {
                    for (int mode = 0; mode < 4; mode++) {
                        Problem p = Problem.make(rnd, 5, 11, 131, aBits, coding, wBits, mode, mode);
                        assertThat(p.run(BitSerialGemm.scalar())).as("a%d %s%d mode %d", aBits, coding, wBits, mode)
                                .isEqualTo(p.expected());
                    }
                }
            }
        }
    }

    @Tag("kernel-compare")
    @Test
    void vectorMatchesScalarForEveryCoding() {
        Assumptions.assumeTrue(Vectorization.vectorEnabled(), "vector kernels not in use");
        Random rnd = new Random(2);
        for (int aBits = 1; aBits <= 8; aBits++) {
            for (BitWeights.Coding coding : BitWeights.Coding.values()) {
                int[] widths = coding == BitWeights.Coding.SIGNED ? new int[]{2, 3, 4, 5, 6, 7, 8}
                        : new int[]{coding == BitWeights.Coding.BINARY ? 1 : 2};
                for (int wBits : widths) {
                    for (int mode = 0; mode < 4; mode++) {
                        Problem p = Problem.make(rnd, 9, 37, 200, aBits, coding, wBits, mode, (mode + 1) % 4);
                        int[] scalar = p.run(BitSerialGemm.scalar());
                        assertThat(scalar).isEqualTo(p.expected());
                        assertThat(p.run(BitSerialGemm.get())).as("a%d %s%d mode %d", aBits, coding, wBits, mode)
                                .isEqualTo(scalar);
                    }
                }
            }
        }
    }

    @Tag("kernel-compare")
    @ParameterizedTest
    @ValueSource(ints = {1, 13, 63, 64, 65, 207, 300, 702, 2046})
    void vectorMatchesScalarAcrossSizes(int size) {
        Assumptions.assumeTrue(Vectorization.vectorEnabled(), "vector kernels not in use");
        Random rnd = new Random(size);
        for (Object[] combo : COMBOS) {
            int aBits = (int) combo[0];
            BitWeights.Coding coding = (BitWeights.Coding) combo[1];
            int wBits = (int) combo[2];
            // vary one dimension at a time around rows 13, channels 64, k 300
            int[][] shapes = {{size, 64, 300}, {13, size, 300}, {13, 64, size}};
            for (int[] s : shapes) {
                Problem p = Problem.make(rnd, s[0], s[1], s[2], aBits, coding, wBits, 0, 0);
                int[] scalar = p.run(BitSerialGemm.scalar());
                assertThat(p.run(BitSerialGemm.get())).as("a%d %s%d m=%d n=%d k=%d", aBits, coding, wBits,
                        s[0], s[1], s[2]).isEqualTo(scalar);
            }
        }
        // the scalar oracle itself against plain ints at the varied k
        Problem p = Problem.make(rnd, 3, 13, size, 2, BitWeights.Coding.BINARY, 1, 0, 0);
        assertThat(p.run(BitSerialGemm.scalar())).isEqualTo(p.expected());
    }

    @Tag("kernel-compare")
    @Test
    void rowRangesComposeToTheWholeProduct() {
        Random rnd = new Random(3);
        Problem p = Problem.make(rnd, 49, 64, 576, 2, BitWeights.Coding.BINARY, 1, 0, 0);
        for (BitSerialGemm gemm : new BitSerialGemm[]{BitSerialGemm.scalar(), BitSerialGemm.get()}) {
            int[] c = new int[49 * 64];
            gemm.gemm(p.a(), 1, p.stride(), 2, p.w(), 0, 17, c, 0, 64);
            gemm.gemm(p.a(), 1, p.stride(), 2, p.w(), 17, 30, c, 0, 64);
            gemm.gemm(p.a(), 1, p.stride(), 2, p.w(), 30, 49, c, 0, 64);
            assertThat(c).isEqualTo(p.expected());
        }
    }

    /**
     * Overflow suite: the largest supported K with the largest codes and the most negative /
     * positive weights reaches within a word of the int32 limit and stays exact; one more word
     * is rejected.
     */
    @Tag("kernel-compare")
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void largestKWithLargestCodesIsExact(int which) {
        int aBits = 8;
        BitWeights.Coding coding = BitWeights.Coding.values()[which];
        int wBits = switch (coding) {
            case BINARY -> 1;
            case TERNARY -> 2;
            case SIGNED -> 8;
        };
        BitWeights probe = new BitWeights(coding, wBits, 8, 8, 1, new long[wBits * 8]);
        int kWords = BitSerialGemm.maxKWords(aBits, probe);
        int k = kWords * 64;
        // channel 0 all minimum codes, channel 1 all maximum, channel 2 alternating
        long[] wd = new long[kWords * wBits * 8];
        for (int word = 0; word < kWords; word++) {
            for (int j = 0; j < wBits; j++) {
                int base = (word * wBits + j) * 8;
                boolean top = j == wBits - 1;
                switch (coding) {
                    case SIGNED -> {
                        wd[base] = top ? -1L : 0L;                 // -128
                        wd[base + 1] = top ? 0L : -1L;             // +127
                        wd[base + 2] = 0x5555555555555555L;        // -1 at even positions, 0 at odd
                    }
                    case TERNARY -> {
                        wd[base] = j == 1 ? -1L : 0L;              // -1
                        wd[base + 1] = j == 0 ? -1L : 0L;          // +1
                        wd[base + 2] = j == 0 ? 0x5555555555555555L : 0xAAAAAAAAAAAAAAAAL; // +1, -1, ...
                    }
                    case BINARY -> {
                        wd[base] = 0L;                             // -1
                        wd[base + 1] = -1L;                        // +1
                        wd[base + 2] = 0x5555555555555555L;        // +1, -1, ...
                    }
                }
            }
        }
        BitWeights w = new BitWeights(coding, wBits, 3, 8, kWords, wd);
        long[] a = new long[kWords * aBits];
        java.util.Arrays.fill(a, -1L); // every code 2^aBits - 1
        long maxCode = (1L << aBits) - 1;
        long[] expected = new long[3];
        if (coding == BitWeights.Coding.SIGNED) {
            expected[0] = -128L * maxCode * k;
            expected[1] = 127L * maxCode * k;
            // alternating bits in every plane: even positions code -1 (all ones), odd positions 0
            expected[2] = -1L * maxCode * (k / 2);
        } else {
            expected[0] = -maxCode * k;
            expected[1] = maxCode * k;
            expected[2] = 0; // as many +1 as -1
        }
        assertThat(Math.abs(expected[0]) + 64L * maxCode * w.maxAbsWeight()).isGreaterThan(Integer.MAX_VALUE);
        for (BitSerialGemm gemm : new BitSerialGemm[]{BitSerialGemm.scalar(), BitSerialGemm.get()}) {
            int[] c = new int[3];
            gemm.gemm(a, 0, a.length, aBits, w, 0, 1, c, 0, 3);
            assertThat(c).containsExactly((int) expected[0], (int) expected[1], (int) expected[2]);
            assertThat((long) c[0]).isEqualTo(expected[0]);
        }
        BitWeights tooLong = new BitWeights(coding, wBits, 3, 8, kWords + 1, new long[(kWords + 1) * wBits * 8]);
        for (BitSerialGemm gemm : new BitSerialGemm[]{BitSerialGemm.scalar(), BitSerialGemm.get()}) {
            assertThatThrownBy(() -> gemm.gemm(new long[(kWords + 1) * aBits], 0, (kWords + 1) * aBits, aBits, tooLong,
                    0, 1, new int[3], 0, 3)).hasMessageContaining("can overflow int32");
        }
    }

    @Test
    void badArgumentsAreRejected() {
        BitWeights w = BitPacking.packWeights(new byte[]{1, -1}, 2, WindowLayout.dense(1), BitWeights.Coding.BINARY, 1);
        for (BitSerialGemm gemm : new BitSerialGemm[]{BitSerialGemm.scalar(), BitSerialGemm.get()}) {
            assertThatThrownBy(() -> gemm.gemm(new long[2], 0, 2, 2, w, 0, 2, new int[4], 0, 2))
                    .hasMessageContaining("packed activations");
            assertThatThrownBy(() -> gemm.gemm(new long[4], 0, 2, 2, w, 0, 2, new int[3], 0, 2))
                    .hasMessageContaining("C");
            assertThatThrownBy(() -> gemm.gemm(new long[4], 0, 1, 2, w, 0, 2, new int[4], 0, 2))
                    .hasMessageContaining("row stride");
            assertThatThrownBy(() -> gemm.gemm(new long[4], 0, 2, 9, w, 0, 2, new int[4], 0, 2))
                    .hasMessageContaining("1..8");
        }
    }
}
