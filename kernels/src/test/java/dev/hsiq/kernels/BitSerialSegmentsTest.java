/*
 * BitSerialGemm.gemmSegments (rows read in place through RowSegments) against gemm on the
 * gathered contiguous rows, for the vector implementation and the scalar default, over every
 * coding, activation bits, channel counts around the 8-lane blocks, row counts around the
 * 4-row blocks, and segment tables with gaps, overlaps between rows and uneven lengths.
 */
package dev.hsiq.kernels;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("kernel-compare")
class BitSerialSegmentsTest {

    @Test
    void segmentedRowsEqualGatheredRows() {
        Random rnd = new Random(5);
        Object[][] codings = {{BitWeights.Coding.BINARY, 1}, {BitWeights.Coding.TERNARY, 2},
                {BitWeights.Coding.SIGNED, 2}, {BitWeights.Coding.SIGNED, 8}};
        for (Object[] cw : codings) {
            BitWeights.Coding coding = (BitWeights.Coding) cw[0];
            int wBits = (Integer) cw[1];
            for (int aBits : new int[]{1, 2, 3, 8}) {
                for (int channels : new int[]{1, 8, 13, 16, 64, 70}) {
                    for (int rows : new int[]{1, 3, 4, 5, 9, 17}) {
                        check(rnd, coding, wBits, aBits, channels, rows);
                    }
                }
            }
        }
    }

    private static void check(Random rnd, BitWeights.Coding coding, int wBits, int aBits, int channels, int rows) {
        // 3 to 5 segments of 1..4 words at scattered, partly overlapping offsets (word-aligned)
        int segs = 3 + rnd.nextInt(3);
        int[] words = new int[segs];
        int[] offsets = new int[segs];
        for (int g = 0; g < segs; g++) {
            words[g] = 1 + rnd.nextInt(4);
            offsets[g] = rnd.nextInt(12) * aBits;
        }
        RowSegments seg = new RowSegments(offsets, words);
        int k = seg.kWords() * 64 - rnd.nextInt(40);
        int[] bases = new int[rows + 2];
        for (int r = 0; r < bases.length; r++) {
            bases[r] = rnd.nextInt(20) * aBits;
        }
        long[] a = new long[(int) (40 * aBits + seg.span(aBits))];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextLong() & (rnd.nextInt(4) == 0 ? 0L : -1L);
        }
        byte[] codes = IntRef.weightCodes(rnd, channels * k, coding, wBits, rnd.nextInt(4));
        BitWeights w = BitPacking.packWeights(codes, channels, WindowLayout.dense(k), coding, wBits);
        // the bits of the rows past k are ignored by zero weights; the reference sees the same rows
        int ldc = channels + 3;
        int[] want = new int[(rows + 2) * ldc];
        int rowLongs = seg.kWords() * aBits;
        long[] row = new long[rowLongs];
        for (int r = 1; r < rows + 1; r++) {
            seg.gather(a, bases[r], aBits, row, 0);
            BitSerialGemm.scalar().gemm(row, 0, rowLongs, aBits, w, 0, 1, want, r * ldc, ldc);
        }
        int[] vector = new int[want.length];
        BitSerialGemm.get().gemmSegments(a, bases, aBits, seg, w, 1, rows + 1, vector, 0, ldc);
        int[] scalar = new int[want.length];
        BitSerialGemm.scalar().gemmSegments(a, bases, aBits, seg, w, 1, rows + 1, scalar, 0, ldc);
        String what = coding + " w" + wBits + " a" + aBits + ", " + channels + " channels, " + rows + " rows";
        assertThat(scalar).as(what).isEqualTo(want);
        assertThat(vector).as(what).isEqualTo(want);
    }

    @Test
    void badCallsAreRejected() {
        RowSegments seg = new RowSegments(new int[]{0, 4}, new int[]{1, 1});
        BitWeights w = BitPacking.packWeights(new byte[128], 1, WindowLayout.dense(128), BitWeights.Coding.SIGNED, 2);
        int[] c = new int[4];
        assertThatThrownBy(() -> BitSerialGemm.get().gemmSegments(new long[6], new int[]{4}, 2, seg, w, 0, 1, c, 0, 1))
                .hasMessageContaining("segmented rows read");
        RowSegments three = new RowSegments(new int[]{0, 2, 4}, new int[]{1, 1, 1});
        assertThatThrownBy(() -> BitSerialGemm.get().gemmSegments(new long[20], new int[]{0}, 2, three, w, 0, 1, c, 0, 1))
                .hasMessageContaining("3 words, weights 2");
        assertThatThrownBy(() -> new RowSegments(new int[]{0}, new int[]{0})).hasMessageContaining("not valid");
    }
}
