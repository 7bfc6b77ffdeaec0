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

class ThresholdActivationTest {

    /** Random thresholds: monotone per direction, some constant channels (MIN/MAX), some ties. */
    static Thresholds randomThresholds(Random rnd, int channels, int levels) {
        int[] v = new int[channels * levels];
        boolean[] desc = new boolean[channels];
        for (int c = 0; c < channels; c++) {
            desc[c] = rnd.nextBoolean();
            int kind = rnd.nextInt(8);
            int[] t = new int[levels];
            for (int i = 0; i < levels; i++) {
                t[i] = switch (kind) {
                    case 0 -> Integer.MIN_VALUE;          // always passes (direction +1) / never (-1)
                    case 1 -> Integer.MAX_VALUE;
                    default -> rnd.nextInt(2001) - 1000;
                };
            }
            Arrays.sort(t);
            if (kind == 2 && levels > 1) {
                t[levels - 1] = t[0]; // ties
                Arrays.sort(t);
            }
            for (int i = 0; i < levels; i++) {
                v[c * levels + i] = desc[c] ? t[levels - 1 - i] : t[i];
            }
        }
        return new Thresholds(channels, levels, v, desc);
    }

    static int[] randomAcc(Random rnd, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = switch (rnd.nextInt(10)) {
                case 0 -> Integer.MIN_VALUE;
                case 1 -> Integer.MAX_VALUE;
                default -> rnd.nextInt(2201) - 1100;
            };
        }
        return a;
    }

    @Test
    void scalarFollowsTheContract() {
        // channel 0 ascending {-5, 0, 7}; channel 1 descending {3, 3, -2}; channel 2 constant 3 via MIN
        Thresholds t = new Thresholds(3, 3, new int[]{-5, 0, 7, 3, 3, -2, Integer.MIN_VALUE, Integer.MIN_VALUE,
                Integer.MIN_VALUE}, new boolean[]{false, true, false});
        int[] acc = {-6, 4, Integer.MIN_VALUE, -5, 3, 0, 7, -2, 5, Integer.MAX_VALUE, Integer.MIN_VALUE, -1};
        byte[] q = new byte[12];
        ThresholdActivation.scalar().codes(acc, 0, 3, 4, t, q, 0, 3);
        assertThat(q).containsExactly(0, 0, 3, 1, 2, 3, 3, 3, 3, 3, 3, 3);
    }

    @Test
    void nonMonotoneThresholdsAreRejected() {
        assertThatThrownBy(() -> new Thresholds(1, 2, new int[]{3, 2}, new boolean[]{false}))
                .hasMessageContaining("not non-decreasing");
        assertThatThrownBy(() -> new Thresholds(1, 2, new int[]{2, 3}, new boolean[]{true}))
                .hasMessageContaining("not non-increasing");
    }

    @Test
    void planesAgreeWithPackedCodes() {
        Random rnd = new Random(4);
        for (int channels : new int[]{1, 13, 64, 65, 130}) {
            for (int bits = 1; bits <= 4; bits++) {
                int levels = (1 << bits) - 1;
                Thresholds t = randomThresholds(rnd, channels, levels);
                int rows = 5;
                int[] acc = randomAcc(rnd, rows * channels);
                byte[] q = new byte[rows * channels];
                ThresholdActivation.scalar().codes(acc, 0, channels, rows, t, q, 0, channels);
                int stride = BitPacking.words(channels) * bits;
                long[] expected = new long[rows * stride];
                BitPacking.packRows(q, 0, channels, rows, channels, bits, expected, 0, stride);
                long[] planes = new long[rows * stride];
                Arrays.fill(planes, -1L);
                ThresholdActivation.scalar().planes(acc, 0, channels, rows, t, bits, planes, 0, stride);
                assertThat(planes).isEqualTo(expected);
            }
        }
    }

    @Tag("kernel-compare")
    @ParameterizedTest
    @ValueSource(ints = {1, 13, 63, 64, 65, 207, 300, 702, 2046})
    void vectorMatchesScalar(int channels) {
        Assumptions.assumeTrue(Vectorization.vectorEnabled(), "vector kernels not in use");
        Random rnd = new Random(channels);
        // 1, 3, 15, 255 levels of 1-, 2-, 4- and 8-bit codes; 31 / 32 / 100 / 128 around the switch
        // from the linear count to the binary search (non-powers of two test its bound check)
        for (int levels : new int[]{1, 3, 15, 31, 32, 100, 128, 255}) {
            int bits = 32 - Integer.numberOfLeadingZeros(levels);
            Thresholds t = randomThresholds(rnd, channels, levels);
            int rows = 7;
            int ldAcc = channels + 3;
            int[] acc = randomAcc(rnd, rows * ldAcc + 2);
            byte[] a = new byte[rows * (channels + 1) + 1];
            byte[] b = new byte[a.length];
            Arrays.fill(a, (byte) 77);
            Arrays.fill(b, (byte) 77);
            ThresholdActivation.scalar().codes(acc, 2, ldAcc, rows, t, a, 1, channels + 1);
            ThresholdActivation.get().codes(acc, 2, ldAcc, rows, t, b, 1, channels + 1);
            assertThat(b).as("codes, %d levels", levels).isEqualTo(a);

            int stride = BitPacking.words(channels) * bits + 1;
            long[] pa = new long[rows * stride + 1];
            long[] pb = new long[pa.length];
            Arrays.fill(pa, 123L);
            Arrays.fill(pb, 123L);
            ThresholdActivation.scalar().planes(acc, 2, ldAcc, rows, t, bits, pa, 1, stride);
            ThresholdActivation.get().planes(acc, 2, ldAcc, rows, t, bits, pb, 1, stride);
            assertThat(pb).as("planes, %d levels", levels).isEqualTo(pa);
        }
    }

    @Test
    void tooFewPlanesIsRejected() {
        Thresholds t = new Thresholds(1, 3, new int[]{1, 2, 3}, new boolean[]{false});
        assertThatThrownBy(() -> ThresholdActivation.get().planes(new int[1], 0, 1, 1, t, 1, new long[1], 0, 1))
                .hasMessageContaining("need 2 bit planes");
    }
}
