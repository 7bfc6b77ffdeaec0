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
}
