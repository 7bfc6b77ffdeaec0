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

class CodePackerTest {

    @Tag("kernel-compare")
    @ParameterizedTest
    @ValueSource(ints = {1, 13, 63, 64, 65, 207, 300, 702, 2046})
    void vectorMatchesScalar(int k) {
        Assumptions.assumeTrue(Vectorization.vectorEnabled(), "vector kernels not in use");
        Random rnd = new Random(k);
        for (int bits = 1; bits <= 8; bits++) {
            for (int mode = 0; mode < 4; mode++) {
                int rows = 4;
                int ld = k + 3;
                byte[] q = IntRef.codes(rnd, rows * ld + 1, bits, mode);
                int stride = BitPacking.words(k) * bits + 2;
                long[] a = new long[rows * stride + 1];
                long[] b = new long[a.length];
                Arrays.fill(a, 99L);
                Arrays.fill(b, 99L);
                CodePacker.scalar().packRows(q, 1, ld, rows, k, bits, a, 1, stride);
                CodePacker.get().packRows(q, 1, ld, rows, k, bits, b, 1, stride);
                assertThat(b).as("k %d, %d bits, mode %d", k, bits, mode).isEqualTo(a);
            }
        }
    }

    @Test
    void outOfRangeCodeIsReportedByBoth() {
        byte[] q = new byte[100];
        q[77] = 8;
        for (CodePacker p : new CodePacker[]{CodePacker.scalar(), CodePacker.get()}) {
            assertThatThrownBy(() -> p.packRows(q, 0, 100, 1, 100, 3, new long[6], 0, 6))
                    .hasMessageContaining("code 8 at row 0, column 77 does not fit 3 bits");
        }
    }

    @Tag("kernel-compare")
    @Test
    void mergeTailsVectorMatchesScalar() {
        Random rnd = new Random(7);
        for (int bits = 1; bits <= 8; bits++) {
            for (int[] remKw : new int[][]{{8, 3}, {1, 1}, {1, 5}, {21, 3}, {63, 1}, {32, 2}, {9, 7}, {64, 1}}) {
                int rem = remKw[0];
                int kw = remKw[1];
                for (int pixels : new int[]{0, 1, 2, 7, 81}) {
                    int stride = bits + 3;
                    int off = 2;
                    long[] a = new long[off + (pixels + kw) * stride + 5];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = rnd.nextLong();
                    }
                    long[] b = a.clone();
                    long[] before = a.clone();
                    CodePacker.scalar().mergeTails(a, off, stride, pixels, bits, rem, kw);
                    CodePacker.get().mergeTails(b, off, stride, pixels, bits, rem, kw);
                    String what = String.format("%d bits, rem %d, kw %d, %d pixels", bits, rem, kw, pixels);
                    assertThat(b).as(what).isEqualTo(a);
                    // the formula, and nothing outside the pixels' plane words is touched
                    long low = rem == 64 ? -1L : (1L << rem) - 1;
                    for (int i = 0; i < a.length; i++) {
                        int q = (i - off) / stride;
                        int plane = (i - off) % stride;
                        if (i >= off && q < pixels && plane < bits) {
                            long expected = 0;
                            for (int kx = 0; kx < kw; kx++) {
                                expected |= (before[i + kx * stride] & low) << (kx * rem);
                            }
                            assertThat(a[i]).as(what + ", word %d", i).isEqualTo(expected);
                        } else {
                            assertThat(a[i]).as(what + ", word %d untouched", i).isEqualTo(before[i]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void mergeTailsRejectsImpossibleLayouts() {
        for (CodePacker p : new CodePacker[]{CodePacker.scalar(), CodePacker.get()}) {
            assertThatThrownBy(() -> p.mergeTails(new long[100], 0, 8, 3, 8, 30, 3))
                    .hasMessageContaining("cannot merge tails of 30 channels over 3 pixels");
            assertThatThrownBy(() -> p.mergeTails(new long[20], 0, 8, 2, 8, 8, 3))
                    .hasMessageContaining("exceed 20 words");
        }
    }
}
