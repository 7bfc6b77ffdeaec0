/*
 * The shape of an implicit window row for BitSerialGemm.gemmSegments: a packed row that is
 * not stored contiguously but read in place from a feature map, as a fixed sequence of
 * segments. Segment g is words(g) packed words ([word][plane], aBits longs each) starting at
 * rowBase + offset(g); the row is the concatenation of the segments in order, so its
 * reduction index runs through segment 0's words, then segment 1's, and the weights must be
 * packed in that order (kWords() = sum of words). Every row of a call has the same segments
 * and its own rowBase: for a stride-1 convolution over a packed pixel map, rowBase is the
 * window's first pixel and the segments are the kernel rows (kw consecutive pixels are
 * contiguous), so no window row is ever copied (no im2col).
 */
package dev.hsiq.kernels;

import java.util.Arrays;

public final class RowSegments {

    private final int[] offsets;
    private final int[] words;
    private final int kWords;

    public RowSegments(int[] offsets, int[] words) {
        if (offsets.length != words.length || offsets.length == 0) {
            throw new IllegalArgumentException("segments need one offset and one word count each, got "
                    + offsets.length + " and " + words.length);
        }
        long k = 0;
        for (int g = 0; g < offsets.length; g++) {
            if (offsets[g] < 0 || words[g] <= 0) {
                throw new IllegalArgumentException("segment " + g + ": offset " + offsets[g] + " and " + words[g]
                        + " words are not valid");
            }
            k += words[g];
        }
        if (k > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException("segments of " + k + " words are too long");
        }
        this.offsets = offsets.clone();
        this.words = words.clone();
        this.kWords = (int) k;
    }

    public int count() {
        return offsets.length;
    }

    /** Words of the whole row: the weights' kWords. */
    public int kWords() {
        return kWords;
    }

    /** Offsets relative to a row's base; shared, read-only. */
    public int[] offsetsShared() {
        return offsets;
    }

    /** Word counts; shared, read-only. */
    public int[] wordsShared() {
        return words;
    }

    /** One past the last long a row reads, relative to its base, for aBits planes. */
    public long span(int aBits) {
        long end = 0;
        for (int g = 0; g < offsets.length; g++) {
            end = Math.max(end, offsets[g] + (long) words[g] * aBits);
        }
        return end;
    }

    /** Copies row `base`'s words into dst[dstOff ..] as a contiguous packed row (the reference's view). */
    public void gather(long[] a, int base, int aBits, long[] dst, int dstOff) {
        int o = dstOff;
        for (int g = 0; g < offsets.length; g++) {
            int n = words[g] * aBits;
            System.arraycopy(a, base + offsets[g], dst, o, n);
            o += n;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowSegments s && Arrays.equals(offsets, s.offsets) && Arrays.equals(words, s.words);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(offsets) + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "RowSegments[" + offsets.length + " segments, " + kWords + " words]";
    }
}
